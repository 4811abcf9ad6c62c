using GalaxyActors.Core.Clustering;
using GalaxyActors.Core.Linalg;

namespace GalaxyActors.Core.Tests.TestData;

/// <summary>The fixture's 90 % PCA projection and its default elbow, computed once for all tests.</summary>
internal static class ReducedFixture
{
    private static readonly Lazy<RowMatrix> ReducedLazy = new(() =>
    {
        var features = ClusteringFixture.Shared.Features;
        return Pca.Fit(Pca.ComputeStatistics(features), 0.90).Project(features);
    });

    private static readonly Lazy<ElbowResult> ElbowLazy = new(() => Elbow.Run(Reduced, new ElbowOptions()));

    public static RowMatrix Reduced => ReducedLazy.Value;

    /// <summary>Elbow with default options (K-max 14, n_init 10, seed 0, Lloyd).</summary>
    public static ElbowResult DefaultElbow => ElbowLazy.Value;
}
