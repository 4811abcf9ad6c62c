namespace GalaxyActors.Core.Clustering;

/// <summary>
/// A block of rows with each row's ‖x‖² (double) computed once. A slice that is assigned again and
/// again (a Lloyd pass per iteration) keeps one: the norm is a serial chain of d double additions
/// per row, which cost about as much as the whole distance kernel of a late pass with one K left.
/// The rows themselves are not copied: each pass reads them once, and tiles them in cache.
/// </summary>
public sealed class KMeansRows
{
    private KMeansRows(float[] data, int offset, int count, int dimensions, double[] norms)
    {
        Data = data;
        Offset = offset;
        Count = count;
        Dimensions = dimensions;
        Norms = norms;
    }

    public int Count { get; }
    public int Dimensions { get; }

    /// <summary>Row-major rows: [Count × Dimensions] from <see cref="Offset"/>.</summary>
    internal float[] Data { get; }

    internal int Offset { get; }

    internal double[] Norms { get; }

    internal ReadOnlySpan<float> Rows => Data.AsSpan(Offset, Count * Dimensions);

    /// <param name="data">Holds the rows, row-major, from <paramref name="offset"/>; it must not change while this is used.</param>
    public static KMeansRows Prepare(float[] data, int offset, int count, int dimensions)
    {
        if (offset < 0 || count < 0 || (long)offset + (long)count * dimensions > data.Length)
            throw new ArgumentException($"Expected {count}×{dimensions} values from {offset}.", nameof(data));
        var norms = new double[count];
        SquaredNorms(data.AsSpan(offset, count * dimensions), count, dimensions, norms);
        return new KMeansRows(data, offset, count, dimensions, norms);
    }

    internal static void SquaredNorms(ReadOnlySpan<float> rows, int count, int d, Span<double> norms)
    {
        for (var r = 0; r < count; r++)
        {
            var x = rows.Slice(r * d, d);
            double norm = 0;
            for (var j = 0; j < d; j++) norm += (double)x[j] * x[j];
            norms[r] = norm;
        }
    }
}
