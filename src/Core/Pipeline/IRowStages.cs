using GalaxyActors.Core.Clustering;
using GalaxyActors.Core.Graph;
using GalaxyActors.Core.Linalg;

namespace GalaxyActors.Core.Pipeline;

/// <summary>
/// The row-local stages of the analysis — the ones whose work splits by rows — run where the rows are: in this
/// process (<see cref="LocalRowStages"/>) or on the cluster's slice actors. Each stage is built from per-slice
/// partials merged in slice order, so every implementation over the same slices gives the same bits, and the
/// global steps between them (the PCA fit, the elbow's centroid updates, the graph and its eigen-solve) stay in
/// <see cref="ClusterAnalysis"/>, written once.
/// </summary>
public interface IRowStages
{
    /// <summary>Feature rows (N).</summary>
    int Rows { get; }

    /// <summary>Feature columns (D).</summary>
    int Dimensions { get; }

    /// <summary>
    /// Count, column sums and scatter matrix of all rows, merged in slice order — of the rows as the analysis sees them,
    /// normalised by its <see cref="Jobs.AnalysisOptions.FeatureNorm"/> (row-local, so each holder normalises its own).
    /// </summary>
    PcaStatistics PcaStatistics();

    /// <summary>Every (normalised) row projected by <paramref name="model"/>, in row order; the stages keep them for the later stages.</summary>
    RowMatrix Project(PcaModel model);

    /// <summary>The pass the elbow's K-means runs its assignment steps through, over the rows <see cref="Project"/> gave.</summary>
    IKMeansPass KMeansPass(RowMatrix reduced);

    /// <summary>Exact k nearest neighbours of every reduced row among all of them (itself excluded).</summary>
    KnnResult Neighbours(RowMatrix reduced, int k);
}
