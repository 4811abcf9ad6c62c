namespace GalaxyActors.Core.Clustering;

/// <summary>The best of the restarts for one K, after the final full assignment pass.</summary>
public sealed record KMeansResult(
    int K,
    /// <summary>Row-major [K × d].</summary>
    float[] Centroids,
    /// <summary>Nearest centroid of every row, 0..K−1.</summary>
    int[] Labels,
    /// <summary>Rows per cluster.</summary>
    long[] Sizes,
    /// <summary>Σ‖x − centroid‖² (inertia), exact in double.</summary>
    double Sse,
    /// <summary>Updates the winning restart made (Lloyd iterations or mini-batch steps).</summary>
    int Iterations,
    /// <summary>Which restart won (0-based).</summary>
    int Restart);
