using GalaxyActors.Core.Linalg;

namespace GalaxyActors.Core.Jobs;

/// <summary>Analysis defaults chosen by measurement (docs/BENCHMARKS.md), in one place.</summary>
public static class AnalysisDefaults
{
    /// <summary>Feature normalisation before PCA.</summary>
    public const FeatureNorm FeatureNorm = Linalg.FeatureNorm.None;
}
