namespace GalaxyActors.Core.Clustering;

/// <summary>The best of the restarts for one K, after the final full assignment pass.</summary>
/// <param name="K">Number of clusters.</param>
/// <param name="Centroids">Row-major [K × d].</param>
/// <param name="Labels">Nearest centroid of every row, 0..K−1.</param>
/// <param name="Sizes">Rows per cluster.</param>
/// <param name="Sse">Σ‖x − centroid‖² (scikit-learn's inertia), exact in double.</param>
/// <param name="Iterations">Updates the winning restart made (Lloyd iterations or mini-batch steps; after a restart sample, the refinement's on all rows).</param>
/// <param name="Restart">Which restart won (0-based).</param>
public sealed record KMeansResult(int K, float[] Centroids, int[] Labels, long[] Sizes, double Sse, int Iterations, int Restart)
{
    /// <summary>The rows the restarts ran on when they ran on a sample (<see cref="KMeansOptions.RestartSample"/>); null: all rows.</summary>
    public int? RestartRows { get; init; }
}
