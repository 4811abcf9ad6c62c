using GalaxyActors.Core.Metrics;
using GalaxyActors.Core.Tests.TestData;

namespace GalaxyActors.Core.Tests.Metrics;

public class ClusteringMetricsTests
{
    [Fact]
    public void Identical_and_permuted_labellings_score_one()
    {
        int[] a = [0, 0, 1, 1, 2, 2, 2];
        int[] permuted = [5, 5, 3, 3, 9, 9, 9];
        foreach (var b in new[] { a, permuted })
        {
            Assert.Equal(1.0, ClusteringMetrics.AdjustedRandIndex(a, b), 12);
            Assert.Equal(1.0, ClusteringMetrics.NormalizedMutualInformation(a, b), 12);
            Assert.Equal(1.0, ClusteringMetrics.Purity(a, b), 12);
        }
    }

    [Fact]
    public void Hand_worked_ari_and_nmi()
    {
        // Contingency [[2,0,0],[0,1,1]]: Σ C(nij,2) = 1, rows 2, columns 1, pairs 6 →
        // E = 1/3, max = 3/2, ARI = (1 − 1/3)/(3/2 − 1/3) = 4/7.
        // H(a) = ln 2, H(b) = 1.5 ln 2, MI = ln 2 → NMI = ln 2 / (1.25 ln 2) = 0.8.
        int[] a = [0, 0, 1, 1];
        int[] b = [0, 0, 1, 2];
        Assert.Equal(4.0 / 7, ClusteringMetrics.AdjustedRandIndex(a, b), 12);
        Assert.Equal(0.8, ClusteringMetrics.NormalizedMutualInformation(a, b), 12);
        // All cells 1: (0 − 2/3)/(2 − 2/3) = −1/2.
        Assert.Equal(-0.5, ClusteringMetrics.AdjustedRandIndex([0, 0, 1, 1], [0, 1, 0, 1]), 12);
    }

    [Fact]
    public void Independent_labellings_score_zero()
    {
        var a = new int[4000];
        var b = new int[4000];
        for (var i = 0; i < a.Length; i++) { a[i] = i % 2; b[i] = i / 2 % 2; }
        Assert.Equal(0.0, ClusteringMetrics.NormalizedMutualInformation(a, b), 12);
        Assert.True(Math.Abs(ClusteringMetrics.AdjustedRandIndex(a, b)) < 1e-3);
    }

    [Fact]
    public void Hand_worked_purity_and_contingency_table()
    {
        int[] classes = [0, 0, 0, 1, 1, 2];
        int[] clusters = [4, 4, 7, 7, 7, 7];
        var table = new ContingencyTable(classes, clusters);
        Assert.Equal([0, 1, 2], table.RowLabels);
        Assert.Equal([4, 7], table.ColumnLabels);
        Assert.Equal(new long[,] { { 2, 1 }, { 0, 2 }, { 0, 1 } }, table.Counts);
        // Cluster 4 → class 0 (2 right), cluster 7 → class 1 (2 right): 4/6.
        Assert.Equal(4.0 / 6, ClusteringMetrics.Purity(classes, clusters), 12);
    }

    [Fact]
    public void Single_cluster_edge_cases_follow_scikit_learn()
    {
        Assert.Equal(1.0, ClusteringMetrics.AdjustedRandIndex([1, 1, 1], [2, 2, 2]));
        Assert.Equal(1.0, ClusteringMetrics.NormalizedMutualInformation([1, 1, 1], [2, 2, 2]));
        Assert.Equal(0.0, ClusteringMetrics.NormalizedMutualInformation([1, 1, 1, 1], [0, 1, 0, 1]), 12);
    }

    [Fact]
    public void Different_lengths_are_rejected()
    {
        Assert.Throws<InvalidInputException>(() => ClusteringMetrics.AdjustedRandIndex([0, 1], [0]));
    }

    [Fact]
    public void Fixture_k5_scores_are_in_scikit_learns_range()
    {
        var fixture = ClusteringFixture.Shared;
        var labels = ReducedFixture.DefaultElbow.PerK[4].Labels;
        var nmi = ClusteringMetrics.NormalizedMutualInformation(fixture.Labels, labels);
        var ari = ClusteringMetrics.AdjustedRandIndex(fixture.Labels, labels);
        Assert.True(nmi >= fixture.SklearnK5Nmi - 0.05, $"NMI {nmi} vs scikit-learn {fixture.SklearnK5Nmi}");
        Assert.True(ari >= 0.65, $"ARI {ari} vs scikit-learn {fixture.SklearnK5Ari}");
        // Metrics are symmetric in their arguments; purity is not, but is at least the largest class share.
        Assert.Equal(nmi, ClusteringMetrics.NormalizedMutualInformation(labels, fixture.Labels), 12);
        Assert.Equal(ari, ClusteringMetrics.AdjustedRandIndex(labels, fixture.Labels), 12);
        Assert.True(ClusteringMetrics.Purity(fixture.Labels, labels) >= 900.0 / 3000);
    }
}
