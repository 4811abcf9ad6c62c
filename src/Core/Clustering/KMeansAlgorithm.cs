namespace GalaxyActors.Core.Clustering;

/// <summary>How centroids are updated between assignment passes.</summary>
public enum KMeansAlgorithm
{
    /// <summary>Full passes: every centroid moves to the mean of its points (scikit-learn's KMeans "lloyd").</summary>
    Lloyd,

    /// <summary>
    /// Sculley's mini-batch k-means as scikit-learn's MiniBatchKMeans: the n_init k-means++ seedings
    /// (on small subsamples) are only scored, the best is optimised once; each step assigns a
    /// deterministic random batch and moves each centroid towards its batch points with a
    /// per-centre learning rate 1/count (see <see cref="MiniBatchKMeans"/>).
    /// </summary>
    MiniBatch,
}
