namespace GalaxyActors.Core.Clustering;

/// <summary>
/// Several independent centroid sets (e.g. K = 1..14 × 10 restarts) evaluated in ONE pass over the
/// data: every row is compared with all of them, and each set gets its own nearest centroid. The
/// centroids are stored back to back, set after set, row-major [TotalCentroids × Dimensions].
/// </summary>
public sealed class CentroidSets
{
    public CentroidSets(int dimensions, int[] setSizes, float[] centroids)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        Dimensions = dimensions;
        SetSizes = setSizes;
        Offsets = new int[setSizes.Length];
        var total = 0;
        for (var s = 0; s < setSizes.Length; s++)
        {
            if (setSizes[s] < 1) throw new ArgumentException($"Set {s} has no centroids.", nameof(setSizes));
            Offsets[s] = total;
            total += setSizes[s];
        }
        if (centroids.Length != total * dimensions)
            throw new ArgumentException($"Expected {total}×{dimensions} centroid values, got {centroids.Length}.", nameof(centroids));
        TotalCentroids = total;
        Centroids = centroids;
        // Prepared once here, before any slice thread reads them: the centroids padded with zero
        // rows to whole register blocks of the distance kernel, and their squared norms
        // (accumulated in double, stored float).
        PaddedCount = (total + CentroidDistanceTile.CentroidBlock - 1) / CentroidDistanceTile.CentroidBlock * CentroidDistanceTile.CentroidBlock;
        PaddedCentroids = new float[PaddedCount * dimensions];
        centroids.CopyTo(PaddedCentroids, 0);
        SquaredNorms = new float[PaddedCount];
        for (var c = 0; c < total; c++)
        {
            double norm = 0;
            for (var j = 0; j < dimensions; j++) norm += (double)centroids[c * dimensions + j] * centroids[c * dimensions + j];
            SquaredNorms[c] = (float)norm;
        }
    }

    public int Dimensions { get; }

    /// <summary>Number of centroids (K) of each set.</summary>
    public int[] SetSizes { get; }

    /// <summary>Index of each set's first centroid among all centroids.</summary>
    public int[] Offsets { get; }

    public int SetCount => SetSizes.Length;
    public int TotalCentroids { get; }

    /// <summary>[TotalCentroids × Dimensions], set after set.</summary>
    public float[] Centroids { get; }

    public ReadOnlySpan<float> Centroid(int set, int index) =>
        Centroids.AsSpan((Offsets[set] + index) * Dimensions, Dimensions);

    /// <summary>Centroid count rounded up to whole blocks of <see cref="CentroidDistanceTile"/>.</summary>
    internal int PaddedCount { get; }

    /// <summary>[PaddedCount × Dimensions]: the centroids, then zero rows (shared read-only by all slice threads).</summary>
    internal float[] PaddedCentroids { get; }

    /// <summary>‖c‖² per padded centroid (0 for padding).</summary>
    internal float[] SquaredNorms { get; }
}
