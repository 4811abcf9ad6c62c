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

    /// <summary>
    /// Back to zero. A centroid's sums are only ever added together with its count, so only the
    /// centroids with a count can hold non-zero sums: a partial that saw a few batch rows clears
    /// a few rows, not all of them.
    /// </summary>
    public void Reset()
    {
        var d = Dimensions;
        for (var c = 0; c < Counts.Length;)
        {
            if (Counts[c] == 0) { c++; continue; }
            var end = RunEnd(Counts, c);
            Array.Clear(Sums, c * d, (end - c) * d);
            Array.Clear(Counts, c, end - c);
            c = end;
        }
        Array.Clear(Sse);
    }

    /// <summary>
    /// Adds <paramref name="other"/>. Centroids it has no rows for are skipped: their sums are
    /// exactly zero, so adding them would change nothing, and a batch touches few centroids per slice.
    /// </summary>
    public void Merge(KMeansPartial other)
    {
        if (other.Sums.Length != Sums.Length || other.Sse.Length != Sse.Length)
            throw new ArgumentException("Cannot merge k-means partials of different centroid sets.", nameof(other));
        var d = Dimensions;
        // Runs of centroids with rows, each added in one call (a full pass's partial is one run).
        for (var c = 0; c < Counts.Length;)
        {
            if (other.Counts[c] == 0) { c++; continue; }
            var end = RunEnd(other.Counts, c);
            for (var i = c; i < end; i++) Counts[i] += other.Counts[i];
            var sums = Sums.AsSpan(c * d, (end - c) * d);
            System.Numerics.Tensors.TensorPrimitives.Add(sums, other.Sums.AsSpan(c * d, (end - c) * d), sums);
            c = end;
        }
        for (var i = 0; i < Sse.Length; i++) Sse[i] += other.Sse[i];
    }

    /// <summary>The end of the run of non-zero counts that starts at <paramref name="start"/>.</summary>
    private static int RunEnd(long[] counts, int start)
    {
        var end = start + 1;
        while (end < counts.Length && counts[end] != 0) end++;
        return end;
    }
}
