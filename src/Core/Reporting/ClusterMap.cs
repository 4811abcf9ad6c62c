using GalaxyActors.Core.Hdf5;
using GalaxyActors.Core.Linalg;
using GalaxyActors.Core.Projection;

namespace GalaxyActors.Core.Reporting;

/// <summary>
/// The 2-D map behind embedding.png, computed once when the job writes its results and stored in
/// features.h5 (<c>embedding/tsne</c> or <c>embedding/pca</c>, float32 [N,2]), so that
/// <c>galaxy report</c> redraws it without recomputing.
/// </summary>
public static class ClusterMap
{
    public const string TSneDataset = "embedding/tsne";
    public const string PcaDataset = "embedding/pca";

    /// <summary>t-SNE needs a few times the perplexity in points; below this it would be mostly noise.</summary>
    public const int MinimumTSnePoints = 10;

    /// <summary>The map of <paramref name="reduced"/> as an extra dataset for features.h5.</summary>
    public static ExtraDataset Compute(RowMatrix reduced, MapMethod method, int seed, CancellationToken cancellation = default)
    {
        if (method == MapMethod.TSne && reduced.Rows >= MinimumTSnePoints)
        {
            // scikit-learn's default perplexity, lowered for small inputs where it must stay below N.
            var perplexity = Math.Min(30.0, (reduced.Rows - 1) / 3.0);
            var map = TSne.Embed(reduced, new TSneOptions { Perplexity = perplexity, Seed = seed }, cancellation);
            return ExtraDataset.Of(TSneDataset, map, reduced.Rows, 2);
        }
        return ExtraDataset.Of(PcaDataset, Pca2D.Embed(reduced), reduced.Rows, 2);
    }

    /// <summary>The axis name for a stored map's dataset.</summary>
    public static string AxisName(string dataset) => dataset == TSneDataset ? "t-SNE" : "PC";
}
