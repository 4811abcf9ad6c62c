namespace GalaxyActors.Core.Morphology;

/// <summary>Median and interquartile range of one quantity over the rows where it was measured (NaN rows left out).</summary>
public sealed record QuantitySummary(double Median, double LowerQuartile, double UpperQuartile, int Measured);

/// <summary>One cluster's morphology: a summary per quantity (in <see cref="MorphologyQuantities.All"/> order) and a phrase.</summary>
/// <param name="Description">How an astronomer would read it, e.g. "elongated (b/a 0.31), concentrated (C 3.9), red".</param>
public sealed record ClusterMorphology(int Cluster, int Size, IReadOnlyList<QuantitySummary> Quantities, string Description);

/// <summary>Per-cluster morphology profiles from the per-image rows of <see cref="MorphologyMeter"/>.</summary>
public static class MorphologyProfile
{
    /// <param name="rows">Row-major N × <see cref="MorphologyQuantities.Count"/>.</param>
    /// <param name="assignments">Cluster of each row, 0..k-1.</param>
    public static IReadOnlyList<ClusterMorphology> PerCluster(ReadOnlySpan<float> rows, IReadOnlyList<int> assignments, int k) =>
        throw new NotImplementedException();
}
