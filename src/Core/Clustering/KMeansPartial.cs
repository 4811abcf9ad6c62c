namespace GalaxyActors.Core.Clustering;

/// <summary>
/// What one slice contributes to a k-means step, for every centroid set at once: per-centroid
/// sums of assigned rows and counts, and per-set SSE. Partials merge by addition; merged in slice
/// order they give identical bits locally and distributed. Public arrays so messages can carry them.
/// </summary>
public sealed class KMeansPartial
{
    public KMeansPartial(int setCount, int totalCentroids, int dimensions)
        : this(dimensions, new double[totalCentroids * dimensions], new long[totalCentroids], new double[setCount]) { }

    /// <summary>Rebuilds a partial received in a message.</summary>
    public KMeansPartial(int dimensions, double[] sums, long[] counts, double[] sse)
    {
        if (sums.Length != counts.Length * dimensions)
            throw new ArgumentException($"Sums must hold {counts.Length}×{dimensions} values.", nameof(sums));
        Dimensions = dimensions;
        Sums = sums;
        Counts = counts;
        Sse = sse;
    }

    public int Dimensions { get; }

    /// <summary>Σ of the rows assigned to each centroid, [TotalCentroids × Dimensions].</summary>
    public double[] Sums { get; }

    /// <summary>Rows assigned to each centroid.</summary>
    public long[] Counts { get; }

    /// <summary>Σ‖x − nearest centroid‖² per set.</summary>
    public double[] Sse { get; }

    public void Reset()
    {
        Array.Clear(Sums);
        Array.Clear(Counts);
        Array.Clear(Sse);
    }

    public void Merge(KMeansPartial other)
    {
        if (other.Sums.Length != Sums.Length || other.Sse.Length != Sse.Length)
            throw new ArgumentException("Cannot merge k-means partials of different centroid sets.", nameof(other));
        System.Numerics.Tensors.TensorPrimitives.Add(Sums, other.Sums, Sums);
        for (var i = 0; i < Counts.Length; i++) Counts[i] += other.Counts[i];
        for (var i = 0; i < Sse.Length; i++) Sse[i] += other.Sse[i];
    }
}
