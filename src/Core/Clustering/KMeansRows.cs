using System.Runtime.Intrinsics;

namespace GalaxyActors.Core.Clustering;

/// <summary>
/// A block of rows laid out once for <see cref="KMeansAssignment"/>: 64-row tiles transposed for
/// the distance kernel, each row's ‖x‖² (double) and the rows at a stride padded to 8 floats. A
/// slice that is assigned again and again (a Lloyd pass per iteration, K = 1..14 × restarts)
/// keeps one, so the per-pass work is the kernel itself and not re-laying the same rows.
/// </summary>
public sealed class KMeansRows
{
    private KMeansRows(int count, int dimensions)
    {
        Count = count;
        Dimensions = dimensions;
        PaddedDimensions = PaddedWidth(dimensions);
        Transposed = new float[TileCount(count) * dimensions * CentroidDistanceTile.Rows];
        Norms = new double[count];
        Padded = new float[count * PaddedDimensions];
    }

    public int Count { get; }
    public int Dimensions { get; }

    /// <summary>Dimensions rounded up to whole 8-float vectors.</summary>
    internal int PaddedDimensions { get; }

    /// <summary>[tiles × d × 64]: tile t's component j of its row r at (t × d + j) × 64 + r; zero past the last row.</summary>
    internal float[] Transposed { get; }

    internal double[] Norms { get; }

    /// <summary>[Count × PaddedDimensions], zero padding.</summary>
    internal float[] Padded { get; }

    /// <param name="rows">Row-major [count × dimensions].</param>
    public static KMeansRows Prepare(ReadOnlySpan<float> rows, int count, int dimensions)
    {
        if (rows.Length < (long)count * dimensions) throw new ArgumentException($"Expected {count}×{dimensions} values.", nameof(rows));
        var prepared = new KMeansRows(count, dimensions);
        Layout(rows, count, dimensions, prepared.Transposed, prepared.Norms, prepared.Padded);
        return prepared;
    }

    internal static int TileCount(int count) => (count + CentroidDistanceTile.Rows - 1) / CentroidDistanceTile.Rows;

    internal static int PaddedWidth(int dimensions) => (dimensions + 7) / 8 * 8;

    /// <summary>Fills the three layouts (buffers at least the sizes above; the padding must be zero already).</summary>
    internal static void Layout(ReadOnlySpan<float> rows, int count, int d, Span<float> transposed, Span<double> norms, Span<float> padded)
    {
        const int tileRows = CentroidDistanceTile.Rows;
        var dp = PaddedWidth(d);
        for (var r = 0; r < count; r++)
        {
            var x = rows.Slice(r * d, d);
            x.CopyTo(padded.Slice(r * dp, d));
            var tile = transposed.Slice(r / tileRows * d * tileRows);
            var inTile = r % tileRows;
            double norm = 0;
            for (var j = 0; j < d; j++)
            {
                norm += (double)x[j] * x[j];
                tile[j * tileRows + inTile] = x[j];
            }
            norms[r] = norm;
        }
    }
}
