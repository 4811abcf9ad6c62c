using GalaxyActors.Core.Clustering;
using GalaxyActors.Core.Tests.TestData;

namespace GalaxyActors.Core.Tests.Clustering;

/// <summary>K-means restarts on a sample of the rows, each K's winner refined by Lloyd on all of them.</summary>
public class RestartSampleTests
{
    private static readonly ElbowOptions Sampled = new() { KMax = 6, NInit = 10, Seed = 3, RestartSample = 1000 };

    [Fact]
    public void Restarts_on_a_sample_reach_the_sse_of_restarts_on_all_rows_within_one_percent()
    {
        var data = ReducedFixture.Reduced;
        var full = Elbow.Run(data, Sampled with { RestartSample = null });
        var sampled = Elbow.Run(data, Sampled);
        Assert.All(full.PerK, r => Assert.Null(r.RestartRows));
        for (var k = 0; k < 6; k++)
        {
            Assert.Equal(1000, sampled.PerK[k].RestartRows);
            Assert.InRange(sampled.Sse[k], 0.99 * full.Sse[k], 1.01 * full.Sse[k]);
        }
    }

    [Fact]
    public void The_default_elbow_with_restarts_on_a_third_of_the_rows_is_within_one_percent_of_scikit_learn()
    {
        // scikit-learn's KMeans (n_init 10) on all 3,000 rows of the fixture, K = 1..14: the independent answer.
        var expected = ClusteringFixture.Shared.SklearnSse;
        var sampled = Elbow.Run(ReducedFixture.Reduced, new ElbowOptions { RestartSample = 1000 });
        Assert.Equal(expected.Length, sampled.Sse.Length);
        for (var k = 1; k <= expected.Length; k++)
        {
            var relative = (sampled.Sse[k - 1] - expected[k - 1]) / expected[k - 1];
            Assert.True(Math.Abs(relative) <= 0.01, $"K={k}: {sampled.Sse[k - 1]} vs scikit-learn {expected[k - 1]} ({relative:P2})");
        }
    }

    [Fact]
    public void The_refined_centroids_are_the_means_of_their_points_on_all_rows()
    {
        // A Lloyd fixed point on the whole data, not on the sample: each centre is the mean of the rows labelled with it.
        var data = ReducedFixture.Reduced;
        var result = Elbow.Run(data, Sampled with { Tolerance = 0 });
        var d = data.Columns;
        foreach (var fit in result.PerK)
        {
            var sums = new double[fit.K * d];
            var counts = new int[fit.K];
            for (var i = 0; i < data.Rows; i++)
            {
                counts[fit.Labels[i]]++;
                for (var j = 0; j < d; j++) sums[fit.Labels[i] * d + j] += data.Row(i)[j];
            }
            for (var c = 0; c < fit.K; c++)
            {
                Assert.Equal(counts[c], fit.Sizes[c]);
                for (var j = 0; j < d; j++)
                    Assert.Equal(sums[c * d + j] / counts[c], fit.Centroids[c * d + j], 1e-3);
            }
        }
    }

    [Fact]
    public void A_sampled_elbow_is_the_same_over_slices_merged_in_order_and_for_the_same_seed()
    {
        var data = ReducedFixture.Reduced;
        var local = Elbow.Run(data, new LocalKMeansPass(data, 256), Sampled);
        var again = Elbow.Run(data, new LocalKMeansPass(data, 256), Sampled);
        var bySlice = Elbow.Run(data, new SequentialSlicePass(data, 256), Sampled);
        Assert.Equal(local.Sse, again.Sse);
        Assert.Equal(local.Sse, bySlice.Sse);
        for (var k = 0; k < 6; k++)
            Assert.Equal(local.PerK[k].Labels, bySlice.PerK[k].Labels);
    }

    [Theory]
    [InlineData(21_785, 21_785)]
    [InlineData(150_000, 150_000)]
    [InlineData(150_001, KMeansOptions.DefaultRestartSample)]
    [InlineData(1_000_000, KMeansOptions.DefaultRestartSample)]
    public void The_automatic_sample_starts_above_a_hundred_and_fifty_thousand_rows(int rows, int expected) =>
        Assert.Equal(expected, new KMeansOptions().RestartRowsFor(rows));

    [Fact]
    public void A_sample_at_or_above_the_rows_uses_them_all_and_an_empty_one_is_rejected()
    {
        var data = ReducedFixture.Reduced;
        var whole = KMeansSolver.Fit(data, 3, new KMeansOptions { NInit = 2, RestartSample = data.Rows });
        Assert.Null(whole.RestartRows);
        var error = Assert.Throws<InvalidInputException>(() => KMeansSolver.Fit(data, 3, new KMeansOptions { RestartSample = 0 }));
        Assert.Contains("restart sample", error.Message);
    }
}
