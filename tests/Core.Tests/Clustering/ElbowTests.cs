using GalaxyActors.Core.Clustering;
using GalaxyActors.Core.Metrics;
using GalaxyActors.Core.Tests.TestData;

namespace GalaxyActors.Core.Tests.Clustering;

public class ElbowTests
{
    [Fact]
    public void Sse_is_within_one_percent_of_scikit_learn_for_every_K()
    {
        var expected = ClusteringFixture.Shared.SklearnSse;
        var elbow = ReducedFixture.DefaultElbow;
        Assert.Equal(expected.Length, elbow.Sse.Length);
        for (var k = 1; k <= expected.Length; k++)
        {
            var relative = (elbow.Sse[k - 1] - expected[k - 1]) / expected[k - 1];
            Assert.True(Math.Abs(relative) <= 0.01, $"K={k}: {elbow.Sse[k - 1]} vs scikit-learn {expected[k - 1]} ({relative:P2})");
        }
    }

    [Fact]
    public void K5_agrees_with_the_ground_truth_as_well_as_scikit_learn()
    {
        var result = ReducedFixture.DefaultElbow.PerK[4];
        Assert.Equal(5, result.K);
        var ari = ClusteringMetrics.AdjustedRandIndex(ClusteringFixture.Shared.Labels, result.Labels);
        Assert.True(ari >= 0.65, $"ARI {ari} (scikit-learn {ClusteringFixture.Shared.SklearnK5Ari})");
    }

    [Fact]
    public void K5_agreement_with_the_ground_truth_does_not_hang_on_one_lucky_seed()
    {
        // The fixture's K = 5 has several local minima whose SSE differ by < 0.02 % but whose
        // ARI ranges 0.648-0.681; scikit-learn 1.2.1 itself (KMeans(5, n_init=10) on
        // reference/reduced, random_state 0..19) lands on 0.6477 for one state and 0.654-0.681 for
        // the others. So the product's promise is about the seed-to-seed distribution: over ten
        // seeds the median reaches 0.65 and no seed falls more than 0.01 below scikit-learn's worst
        // (ours: 0.646-0.681, median 0.665; scikit-learn's first ten states: median 0.674).
        var aris = new double[10];
        for (var seed = 0; seed < aris.Length; seed++)
        {
            var result = Elbow.Run(ReducedFixture.Reduced, new ElbowOptions { Seed = seed }).PerK[4];
            aris[seed] = ClusteringMetrics.AdjustedRandIndex(ClusteringFixture.Shared.Labels, result.Labels);
        }
        Array.Sort(aris);
        var median = (aris[4] + aris[5]) / 2;
        Assert.True(median >= 0.65, $"median ARI {median:F4} over seeds 0..9: {string.Join(", ", aris.Select(a => a.ToString("F4")))}");
        Assert.True(aris[0] >= 0.6377, $"worst ARI {aris[0]:F4} over seeds 0..9: {string.Join(", ", aris.Select(a => a.ToString("F4")))}");
    }

    [Fact]
    public void Each_result_is_consistent_with_its_labels()
    {
        // Sizes, SSE and centroids must describe the labelling the final pass produced.
        var reduced = ReducedFixture.Reduced;
        var d = reduced.Columns;
        foreach (var result in ReducedFixture.DefaultElbow.PerK)
        {
            var sizes = new long[result.K];
            double sse = 0;
            for (var r = 0; r < reduced.Rows; r++)
            {
                var label = result.Labels[r];
                sizes[label]++;
                for (var j = 0; j < d; j++)
                {
                    double diff = (double)reduced[r, j] - result.Centroids[label * d + j];
                    sse += diff * diff;
                }
            }
            Assert.Equal(sizes, result.Sizes);
            Assert.Equal(sse, result.Sse, sse * 1e-9);
        }
    }

    [Fact]
    public void Knee_picks_a_K_on_the_elbow_and_a_given_K_overrides_it()
    {
        var elbow = ReducedFixture.DefaultElbow;
        Assert.Equal(KneeLocator.Find(elbow.Sse), elbow.KneeK);
        Assert.Equal(elbow.KneeK, elbow.ChosenK);
        Assert.InRange(elbow.KneeK, 3, 6);

        var given = Elbow.Run(ReducedFixture.Reduced, new ElbowOptions { KMax = 3, K = 5, NInit = 2 });
        Assert.Equal(5, given.ChosenK);
        Assert.Equal(5, given.Chosen.K);
        Assert.Equal(3, given.Sse.Length);
    }

    [Fact]
    public void Same_seed_gives_identical_results_and_slicing_changes_only_rounding()
    {
        var options = new ElbowOptions { KMax = 6, NInit = 3, Seed = 42 };
        var first = Elbow.Run(ReducedFixture.Reduced, options);
        var second = Elbow.Run(ReducedFixture.Reduced, options);
        for (var k = 0; k < 6; k++)
        {
            Assert.Equal(first.PerK[k].Labels, second.PerK[k].Labels);
            Assert.Equal(first.PerK[k].Centroids, second.PerK[k].Centroids);
            Assert.Equal(first.Sse[k], second.Sse[k]);
        }
        // Different slice sizes merge the partials in different groupings: same clustering, SSE to rounding.
        var other = Elbow.Run(ReducedFixture.Reduced, options, sliceRows: 333);
        for (var k = 0; k < 6; k++)
            Assert.Equal(first.Sse[k], other.Sse[k], first.Sse[k] * 1e-6);
    }

    /// <summary>
    /// Mini-batch optimises one initialisation per K (scikit-learn's MiniBatchKMeans semantics), so
    /// it lands above the n_init 10 Lloyd optimum: scikit-learn's own MiniBatchKMeans(n_init=3,
    /// batch_size=1024) on this projection is up to +4.8 % above it (random_state 0–4, worst K) and
    /// +2.0 % on average over K and seeds. Ours may be as much worse plus 1 %: at most +6 % at any K
    /// and +3 % on average, and never more than 1 % below the optimum.
    /// </summary>
    [Fact]
    public void Mini_batch_elbow_stays_within_scikit_learns_mini_batch_spread()
    {
        var expected = ClusteringFixture.Shared.SklearnSse;
        var total = 0.0;
        var seeds = new[] { 0, 1, 2 };
        foreach (var seed in seeds)
        {
            var elbow = Elbow.Run(ReducedFixture.Reduced, new ElbowOptions { Algorithm = KMeansAlgorithm.MiniBatch, NInit = 3, Seed = seed });
            for (var k = 1; k <= expected.Length; k++)
            {
                var relative = (elbow.Sse[k - 1] - expected[k - 1]) / expected[k - 1];
                Assert.True(relative <= 0.06 && relative >= -0.01, $"seed {seed}, K={k}: {elbow.Sse[k - 1]} vs {expected[k - 1]} ({relative:P2})");
                total += relative;
            }
        }
        var mean = total / (seeds.Length * expected.Length);
        Assert.True(mean <= 0.03, $"mean excess {mean:P2}");
    }
}
