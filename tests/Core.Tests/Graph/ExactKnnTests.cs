using GalaxyActors.Core.Graph;
using GalaxyActors.Core.Linalg;
using GalaxyActors.Core.Tests.TestData;

namespace GalaxyActors.Core.Tests.Graph;

public class ExactKnnTests
{
    [Fact]
    public void Neighbours_of_reduced_fixture_have_recall_one_against_scikit_learn()
    {
        var result = ExactKnn.Search(GraphFixture.Reduced, GraphFixture.Neighbours);
        var expected = GraphFixture.KnnIndices;
        var missed = 0;
        for (var i = 0; i < GraphFixture.Points; i++)
        {
            var ours = result.NeighboursOf(i).ToArray();
            for (var j = 0; j < GraphFixture.Neighbours; j++)
                if (Array.IndexOf(ours, expected[i * GraphFixture.Neighbours + j]) < 0)
                    missed++;
        }
        Assert.Equal(0, missed);
    }

    [Fact]
    public void Neighbours_match_brute_force_in_double_with_ties_by_smaller_id()
    {
        // Points on an integer grid: many exactly equal distances, where the GEMM screen cannot order them.
        var random = new Random(7);
        const int n = 301, d = 5, k = 7;
        var points = new RowMatrix(n, d);
        for (var i = 0; i < points.Data.Length; i++)
            points.Data[i] = random.Next(0, 4);
        var result = ExactKnn.Search(points, k);
        for (var i = 0; i < n; i++)
        {
            var order = Enumerable.Range(0, n).Where(j => j != i)
                .OrderBy(j => Distance(points, i, j)).ThenBy(j => j).Take(k).ToArray();
            Assert.Equal(order, result.NeighboursOf(i).ToArray());
            for (var j = 0; j < k; j++)
                Assert.Equal(Math.Sqrt(Distance(points, i, order[j])), result.Distances[i * k + j], 5);
        }
    }

    [Theory]
    [InlineData(37, 2600, 10)]
    [InlineData(13, 2300, 7)]
    [InlineData(5, 1900, 3)]
    public void Self_search_matches_brute_force_on_duplicates_ties_clusters_and_uniform_points(int d, int n, int k)
    {
        // Enough points for the far tiles (beyond the 32-tile near band), a decaying spectrum so the
        // kernel's partial-distance exit fires, and the cases that break bounds: a point repeated
        // more often than k plus the screen margin (all at distance 0: ties by id), integer grid
        // points (exact ties the float screen cannot order), tight clusters, uniform noise, and
        // dimensions that are not a multiple of 8 or 16.
        var points = AdversarialPoints(d, n);
        var result = ExactKnn.Search(points, k);
        var distances = new double[n];
        var ids = new int[n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                distances[j] = j == i ? double.PositiveInfinity : Distance(points, i, j);
                ids[j] = j;
            }
            // Stable by id on equal distance: sort (distance, id) pairs.
            Array.Sort(ids, (a, b) => distances[a] != distances[b] ? distances[a].CompareTo(distances[b]) : a.CompareTo(b));
            Assert.Equal(ids.AsSpan(0, k).ToArray(), result.NeighboursOf(i).ToArray());
            for (var j = 0; j < k; j++)
            {
                // The result holds float32 distances: equal to the double answer to its rounding.
                var expected = Math.Sqrt(distances[ids[j]]);
                Assert.InRange(Math.Abs(result.Distances[i * k + j] - expected), 0, 1e-6 * expected);
            }
        }
    }

    /// <summary>Duplicates, integer-grid ties, uniform noise and clusters with a decaying spread (see the self-search test).</summary>
    internal static RowMatrix AdversarialPoints(int d, int n)
    {
        var random = new Random(11 + d);
        var points = new RowMatrix(n, d);
        var centres = new double[5, d];
        for (var c = 0; c < 5; c++)
            for (var j = 0; j < d; j++)
                centres[c, j] = (random.NextDouble() - 0.5) * 20 / (j + 1);
        for (var i = 0; i < n; i++)
        {
            var row = points.Row(i);
            var kind = i % 7;
            for (var j = 0; j < d; j++)
                row[j] = kind switch
                {
                    0 => 3f,                                           // one point, n/7 copies
                    1 => random.Next(0, 3),                            // integer grid
                    2 => (float)(random.NextDouble() * 10 - 5),        // uniform
                    _ => (float)(centres[kind % 5, j] + Gaussian(random) * 2.0 / (j + 1)), // clusters, decaying spread
                };
        }
        return points;
    }

    [Fact]
    public void Searching_reference_blocks_in_any_grouping_and_order_gives_the_one_pass_answer()
    {
        var points = GraphFixture.Reduced;
        const int queries = 150, k = GraphFixture.Neighbours;
        var queryOffset = 1000;
        var queryRows = points.RowBlock(queryOffset, queries);
        var onePass = new KnnTopK(queries, k);
        ExactKnn.SearchBlock(queryRows, queries, queryOffset, points.Data, points.Rows, 0, points.Columns, k, true, onePass);

        // Uneven reference blocks, searched separately, merged in reverse order and as a tree.
        int[] cuts = [0, 17, 900, 1003, 1500, 2999, 3000];
        var parts = new List<KnnTopK>();
        for (var b = 0; b + 1 < cuts.Length; b++)
        {
            var part = new KnnTopK(queries, k);
            var count = cuts[b + 1] - cuts[b];
            ExactKnn.SearchBlock(queryRows, queries, queryOffset, points.RowBlock(cuts[b], count), count, cuts[b],
                points.Columns, k, true, part);
            parts.Add(part);
        }

        var reversed = new KnnTopK(queries, k);
        for (var b = parts.Count - 1; b >= 0; b--)
            reversed.Merge(parts[b]);

        var left = new KnnTopK(queries, k);
        left.Merge(parts[4]);
        left.Merge(parts[0]);
        left.Merge(parts[2]);
        var right = new KnnTopK(queries, k);
        right.Merge(parts[5]);
        right.Merge(parts[1]);
        right.Merge(parts[3]);
        right.Merge(left);

        // Searching one block twice must not list a neighbour twice.
        var twice = new KnnTopK(queries, k);
        twice.Merge(reversed);
        twice.Merge(reversed);

        Assert.Equal(onePass.Ids, reversed.Ids);
        Assert.Equal(onePass.SquaredDistances, reversed.SquaredDistances);
        Assert.Equal(onePass.Ids, right.Ids);
        Assert.Equal(onePass.Ids, twice.Ids);
        // And the one-pass answer is the fixture's.
        for (var q = 0; q < queries; q++)
            Assert.Equal(
                GraphFixture.KnnIndices.AsSpan((queryOffset + q) * k, k).ToArray().Order(),
                onePass.IdsOf(q).ToArray().Order());
    }

    [Fact]
    public void Merge_prefers_the_smaller_id_on_equal_distance()
    {
        var a = new KnnTopK(1, 2);
        a.Offer(0, 1.0, 9);
        a.Offer(0, 2.0, 3);
        var b = new KnnTopK(1, 2);
        b.Offer(0, 1.0, 4);
        var ab = new KnnTopK(1, 2);
        ab.Merge(a);
        ab.Merge(b);
        var ba = new KnnTopK(1, 2);
        ba.Merge(b);
        ba.Merge(a);
        Assert.Equal([4, 9], ab.Ids);
        Assert.Equal([4, 9], ba.Ids);
    }

    [Fact]
    public void Fewer_points_than_neighbours_is_invalid_input()
    {
        var points = new RowMatrix(10, 3);
        var error = Assert.Throws<InvalidInputException>(() => ExactKnn.Search(points, 10));
        Assert.Contains("10 points", error.Message);
        Assert.Throws<InvalidInputException>(() => KnnGraph.Build(5, new int[5 * 5], 5));
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static double Distance(RowMatrix p, int a, int b)
    {
        double s = 0;
        for (var d = 0; d < p.Columns; d++)
        {
            double diff = (double)p[a, d] - p[b, d];
            s += diff * diff;
        }
        return s;
    }
}
