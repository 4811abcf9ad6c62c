using GalaxyActors.Core.Morphology;
using GalaxyActors.Core.Pipeline;

namespace GalaxyActors.Core.Results;

/// <summary>summary.json's <c>morphology</c> section from a job's <see cref="MorphologyResult"/>.</summary>
public static class MorphologySummaries
{
    public static MorphologySummary Of(MorphologyResult morphology) => new()
    {
        Quantities = MorphologyQuantities.All.Select(q => new MorphologyQuantitySummary { Name = q.Name, Symbol = q.Symbol, Description = q.Description }).ToArray(),
        MeasuredRows = morphology.MeasuredRows,
        KMeans = morphology.KMeans.Select(Cluster).ToArray(),
        Spectral = morphology.Spectral.Select(Cluster).ToArray(),
    };

    private static ClusterMorphologySummary Cluster(ClusterMorphology cluster) => new()
    {
        Cluster = cluster.Cluster,
        Size = cluster.Size,
        Description = cluster.Description,
        Values = MorphologyQuantities.All.ToDictionary(q => q.Name, q => Spread(cluster.Quantities[q.Index])),
    };

    private static QuantitySpread Spread(QuantitySummary summary) => new()
    {
        Median = Finite(summary.Median),
        LowerQuartile = Finite(summary.LowerQuartile),
        UpperQuartile = Finite(summary.UpperQuartile),
        Measured = summary.Measured,
    };

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
