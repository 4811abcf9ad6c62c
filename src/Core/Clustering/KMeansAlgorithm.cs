namespace GalaxyActors.Core.Clustering;

/// <summary>How centroids are updated between assignment passes.</summary>
public enum KMeansAlgorithm
{
    /// <summary>Full passes: every centroid moves to the mean of its points (scikit-learn's KMeans "lloyd").</summary>
    Lloyd,

    /// <summary>
    /// Sculley's mini-batch k-means: each step assigns a deterministic random batch and moves each
    /// centroid towards its batch points with a per-centre learning rate 1/count.
    /// </summary>
    MiniBatch,
}
