using GalaxyActors.Core.Graph;
using GalaxyActors.Core.Linalg;

namespace GalaxyActors.Core.Tests.Graph;

public sealed class NnDescentTests
{
    // Gaussian blobs of unequal spread in 16-d: the shape of PCA-reduced galaxy features.
    private static RowMatrix Blobs(int n, int d, int seed)
    {
        var random = new Random(seed);
        var centres = Enumerable.Range(0, 12).Select(_ => Enumerable.Range(0, d).Select(_ => random.NextDouble() * 10).ToArray()).ToArray();
        var points = new RowMatrix(n, d);
        for (int i = 0; i < n; i++)
        {
            int c = random.Next(centres.Length);
            double spread = 0.3 + c % 4;
            for (int j = 0; j < d; j++)
                points[i, j] = (float)(centres[c][j] + spread * Gaussian(random));
        }
        return points;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static double Distance(RowMatrix points, int a, int b)
    {
        double sum = 0;
        for (int c = 0; c < points.Columns; c++) sum += Math.Pow((double)points[a, c] - points[b, c], 2);
        return Math.Sqrt(sum);
    }

    private static double Recall(KnnResult exact, KnnResult approximate)
    {
        long found = 0;
        for (int i = 0; i < exact.Count; i++)
            foreach (var id in exact.NeighboursOf(i))
                if (approximate.NeighboursOf(i).Contains(id)) found++;
        return (double)found / ((long)exact.Count * exact.K);
    }

    [Fact]
    public void On_clustered_data_it_finds_at_least_98_percent_of_the_exact_neighbours()
    {
        var points = Blobs(4000, 16, 1);
        var recall = Recall(ExactKnn.Search(points, 10), NnDescent.Search(points, 10));
        Assert.True(recall >= 0.98, $"recall {recall:F4}");
    }

    [Fact]
    public void On_uniform_noise_in_32_d_where_trees_help_least_it_still_finds_most()
    {
        var random = new Random(2);
        var points = new RowMatrix(3000, 32);
        for (int i = 0; i < points.Data.Length; i++) points.Data[i] = (float)random.NextDouble();
        var recall = Recall(ExactKnn.Search(points, 10), NnDescent.Search(points, 10));
        Assert.True(recall >= 0.95, $"recall {recall:F4}");
    }

    [Fact]
    public void Duplicates_and_a_far_cluster_give_valid_lists_self_excluded_each_id_once_nearest_first_with_exact_distances()
    {
        // Adversarial: 300 copies of one point (every distance among them 0), points on a line, and a far tight cluster.
        var points = new RowMatrix(900, 4);
        for (int i = 0; i < 300; i++) points.Row(i).Fill(1f);
        for (int i = 300; i < 600; i++) { points[i, 0] = i; points[i, 1] = 2 * i; }
        var random = new Random(3);
        for (int i = 600; i < 900; i++)
            for (int j = 0; j < 4; j++) points[i, j] = (float)(1e4 + random.NextDouble());
        var result = NnDescent.Search(points, 8);
        for (int i = 0; i < points.Rows; i++)
        {
            var ids = result.NeighboursOf(i).ToArray();
            Assert.DoesNotContain(i, ids);
            Assert.Equal(ids.Length, ids.Distinct().Count());
            var distances = result.Distances.AsSpan(i * 8, 8).ToArray();
            Assert.Equal(distances.OrderBy(d => d), distances);
            for (int j = 0; j < 8; j++)
            {
                double sum = 0;
                for (int c = 0; c < 4; c++) sum += Math.Pow((double)points[i, c] - points[ids[j], c], 2);
                Assert.Equal((float)Math.Sqrt(sum), distances[j]);
            }
        }
        // The copies' neighbours are copies (distance 0), the far cluster's are in the far cluster.
        Assert.All(Enumerable.Range(0, 300), i => Assert.All(result.NeighboursOf(i).ToArray(), id => Assert.InRange(id, 0, 299)));
        Assert.All(Enumerable.Range(600, 300), i => Assert.All(result.NeighboursOf(i).ToArray(), id => Assert.InRange(id, 600, 899)));
        // Ties make ids a poor measure here (any 8 copies are as near as any other 8): the lists' distances must be the
        // brute-force ones, in double. (Not ExactKnn: its float32 screen ‖r‖² − 2q·r loses the far cluster's small
        // distances to rounding at 10⁴ from the origin; the analysis only searches PCA-centred points.)
        int differing = 0;
        for (int i = 0; i < points.Rows; i++)
        {
            var nearest = Enumerable.Range(0, points.Rows).Where(j => j != i).Select(j => Distance(points, i, j)).OrderBy(d => d).Take(8).ToArray();
            for (int j = 0; j < 8; j++)
                if (Math.Abs(nearest[j] - result.Distances[i * 8 + j]) > 1e-4 * (1 + nearest[j])) differing++;
        }
        Assert.True(differing <= points.Rows * 8 / 100, $"{differing} of {points.Rows * 8} distances differ from brute force");
    }

    [Fact]
    public void The_graph_is_the_same_for_a_seed_and_the_seed_matters()
    {
        var points = Blobs(2000, 8, 4);
        var first = NnDescent.Search(points, 10, new NnDescentOptions { Seed = 5 });
        var again = NnDescent.Search(points, 10, new NnDescentOptions { Seed = 5 });
        Assert.Equal(first.Ids, again.Ids);
        Assert.Equal(first.Distances, again.Distances);
        // Another seed starts from other trees: a few lists differ before convergence ends (so the seed is really used).
        var other = NnDescent.Search(points, 10, new NnDescentOptions { Seed = 6, MaxIterations = 1 });
        var once = NnDescent.Search(points, 10, new NnDescentOptions { Seed = 5, MaxIterations = 1 });
        Assert.NotEqual(once.Ids, other.Ids);
    }

    [Fact]
    public void Sampled_recall_is_one_for_the_exact_graph_and_drops_with_a_damaged_one()
    {
        var points = Blobs(1500, 8, 6);
        var exact = ExactKnn.Search(points, 10);
        Assert.Equal(1.0, KnnRecall.Estimate(points, exact, 200, seed: 1));
        // Every list's second half replaced by the row's own far-away ids: recall falls to about a half.
        var damaged = (int[])exact.Ids.Clone();
        for (int i = 0; i < points.Rows; i++)
            for (int j = 5; j < 10; j++) damaged[i * 10 + j] = (i + 700 + j) % points.Rows;
        var recall = KnnRecall.Estimate(points, exact with { Ids = damaged }, 200, seed: 1);
        Assert.InRange(recall, 0.4, 0.6);
    }
}
