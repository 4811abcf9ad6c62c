using GalaxyActors.Core.Clustering;
using GalaxyActors.Core.Linalg;
using GalaxyActors.Core.Tests.TestData;

namespace GalaxyActors.Core.Tests.Clustering;

public class KMeansTests
{
    private static readonly RowMatrix TwoPairs = new(4, 2, [0, 0, 10, 0, 0, 1, 10, 1]);

    [Fact]
    public void Two_separated_pairs_give_their_midpoints_and_hand_computed_sse()
    {
        var k2 = KMeansSolver.Fit(TwoPairs, 2, new KMeansOptions { NInit = 3 });
        Assert.Equal(1.0, k2.Sse, 12); // four points each 0.5 from their centre
        Assert.Equal(k2.Labels[0], k2.Labels[2]);
        Assert.Equal(k2.Labels[1], k2.Labels[3]);
        Assert.NotEqual(k2.Labels[0], k2.Labels[1]);
        var left = k2.Labels[0];
        Assert.Equal([0f, 0.5f], k2.Centroids.AsSpan(left * 2, 2).ToArray());
        Assert.Equal([10f, 0.5f], k2.Centroids.AsSpan((1 - left) * 2, 2).ToArray());
        Assert.Equal([2L, 2L], k2.Sizes);

        var k1 = KMeansSolver.Fit(TwoPairs, 1, new KMeansOptions { NInit = 1 });
        Assert.Equal(4 * 25 + 4 * 0.25, k1.Sse, 12);
    }

    [Fact]
    public void A_pass_built_slice_by_slice_in_slice_order_gives_identical_results()
    {
        // What a coordinator does with slice actors' replies: one partial per slice, merged in order.
        var data = ReducedFixture.Reduced;
        var options = new ElbowOptions { KMax = 5, NInit = 2, Seed = 7 };
        var local = Elbow.Run(data, new LocalKMeansPass(data, 256), options);
        var byHand = Elbow.Run(data, new SequentialSlicePass(data, 256), options);
        Assert.Equal(local.Sse, byHand.Sse);
        for (var k = 0; k < 5; k++)
        {
            Assert.Equal(local.PerK[k].Labels, byHand.PerK[k].Labels);
            Assert.Equal(local.PerK[k].Centroids, byHand.PerK[k].Centroids);
        }
    }

    [Fact]
    public void Partials_merged_in_other_groupings_match_one_pass()
    {
        var data = ReducedFixture.Reduced;
        var d = data.Columns;
        var sets = new CentroidSets(d, [1, 3, 5], data.RowBlock(100, 9).ToArray());
        var onePass = new KMeansPartial(3, 9, d);
        KMeansAssignment.Accumulate(data.Data, data.Rows, sets, onePass);
        var reversed = new KMeansPartial(3, 9, d);
        var bounds = new[] { 0, 1, 640, 1700, 2999, 3000 };
        for (var g = bounds.Length - 2; g >= 0; g--)
        {
            var part = new KMeansPartial(3, 9, d);
            KMeansAssignment.Accumulate(data.RowBlock(bounds[g], bounds[g + 1] - bounds[g]), bounds[g + 1] - bounds[g], sets, part);
            reversed.Merge(part);
        }
        var sliced = new LocalKMeansPass(data, 100).Accumulate(sets);
        var absoluteSums = new double[d];
        for (var r = 0; r < data.Rows; r++)
            for (var j = 0; j < d; j++) absoluteSums[j] += Math.Abs(data[r, j]);
        foreach (var other in new[] { reversed, sliced })
        {
            Assert.Equal(onePass.Counts, other.Counts);
            for (var s = 0; s < 3; s++) Assert.Equal(onePass.Sse[s], other.Sse[s], onePass.Sse[s] * 1e-9);
            // Sums are gathered in float inside each slice call, so groupings agree to float
            // rounding: a few ulps of the column's absolute sum (the sums themselves cancel to ≈ 0).
            for (var i = 0; i < onePass.Sums.Length; i++)
                Assert.True(Math.Abs(onePass.Sums[i] - other.Sums[i]) <= 1e-6 * absoluteSums[i % d], $"sum {i}: {onePass.Sums[i]} vs {other.Sums[i]}");
        }
        // Each point counted once per set.
        Assert.Equal(3000L, onePass.Counts[0]);
        Assert.Equal(3000L, onePass.Counts[1] + onePass.Counts[2] + onePass.Counts[3]);
    }

    [Fact]
    public void Assignment_matches_brute_force_nearest_centroid()
    {
        var data = ReducedFixture.Reduced;
        var d = data.Columns;
        var sizes = new[] { 2, 7, 14, 9, 1 };
        var total = sizes.Sum();
        var centroids = new float[total * d];
        for (var c = 0; c < total; c++) data.Row(37 * c + 5).CopyTo(centroids.AsSpan(c * d, d));
        var sets = new CentroidSets(d, sizes, centroids);
        var labels = new int[sizes.Length][];
        for (var s = 0; s < sizes.Length; s++) labels[s] = new int[data.Rows];
        var partial = new LocalKMeansPass(data, 500).Label(sets, labels);
        for (var s = 0; s < sizes.Length; s++)
        {
            double sse = 0;
            for (var r = 0; r < data.Rows; r++)
            {
                var best = double.PositiveInfinity;
                for (var c = 0; c < sizes[s]; c++)
                    best = Math.Min(best, KMeansAssignment.SquaredDistance(data.Row(r), sets.Centroid(s, c)));
                var chosen = KMeansAssignment.SquaredDistance(data.Row(r), sets.Centroid(s, labels[s][r]));
                // The expanded form in float may pick a near-tie; it must be a true nearest to rounding.
                Assert.True(chosen <= best + 1e-3 * (1 + best), $"set {s} row {r}: {chosen} vs {best}");
                sse += chosen;
            }
            Assert.Equal(sse, partial.Sse[s], sse * 1e-9);
        }
    }

    [Fact]
    public void Non_finite_reduced_point_is_reported_with_its_row()
    {
        var data = new RowMatrix(50, 3);
        for (var i = 0; i < data.Data.Length; i++) data.Data[i] = i % 11;
        data[42, 1] = float.NaN;
        var error = Assert.Throws<InvalidInputException>(() => Elbow.Run(data, new ElbowOptions { KMax = 3 }));
        Assert.Contains("row 42", error.Message);
    }

    [Fact]
    public void Fewer_points_than_clusters_is_rejected()
    {
        var error = Assert.Throws<InvalidInputException>(() => Elbow.Run(TwoPairs, new ElbowOptions()));
        Assert.Contains("k_max", error.Message);
        Assert.Contains("N = 4", error.Message);
        error = Assert.Throws<InvalidInputException>(() => KMeansSolver.Fit(TwoPairs, 5, new KMeansOptions()));
        Assert.Contains("exceeds the number of points", error.Message);
        error = Assert.Throws<InvalidInputException>(() => Elbow.Run(TwoPairs, new ElbowOptions { KMax = 2, K = 9 }));
        Assert.Contains("n_clusters", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void K_max_below_one_is_rejected(int kMax)
    {
        var error = Assert.Throws<InvalidInputException>(() => Elbow.Run(TwoPairs, new ElbowOptions { KMax = kMax }));
        Assert.Contains("k_max", error.Message);
    }

    [Fact]
    public void Invalid_restart_count_is_rejected()
    {
        var error = Assert.Throws<InvalidInputException>(() => Elbow.Run(TwoPairs, new ElbowOptions { KMax = 2, NInit = 0 }));
        Assert.Contains("n_init", error.Message);
    }

    [Fact]
    public void Greedy_seeding_picks_distinct_data_points()
    {
        var data = ReducedFixture.Reduced;
        var d = data.Columns;
        var seeds = KMeansSeeding.GreedyKMeansPlusPlus(data, 14, new Random(5));
        var rows = new HashSet<int>();
        for (var c = 0; c < 14; c++)
        {
            var found = -1;
            for (var r = 0; r < data.Rows && found < 0; r++)
                if (data.Row(r).SequenceEqual(seeds.AsSpan(c * d, d))) found = r;
            Assert.True(found >= 0, $"seed {c} is not a data point");
            Assert.True(rows.Add(found), $"seed {c} repeats row {found}");
        }
        Assert.Equal(seeds, KMeansSeeding.GreedyKMeansPlusPlus(data, 14, new Random(5)));
    }

    [Fact]
    public void Mini_batch_keeps_per_K_the_initialisation_with_the_lowest_validation_inertia()
    {
        // Validation rows 0 and 10 (1-D). Seeds for K-max 2, K = 1 uses each seed's first centre:
        //   seed 0 = [0, 10]: K=1 → 0² + 10² = 100, K=2 → 0
        //   seed 1 = [5, 0]:  K=1 → 5² + 5² = 50,   K=2 → 0 + 5² = 25
        //   seed 2 = [5, 10]: K=1 → 50 (a tie: seed 1 came first and stays), K=2 → 25
        float[] validation = [0, 10];
        float[][] seeds = [[0, 10], [5, 0], [5, 10]];
        Assert.Equal([1, 0], MiniBatchKMeans.BestInitialisations(validation, 2, 1, [1, 2], seeds));
    }
}
