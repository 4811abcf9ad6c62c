using GalaxyActors.Core.Graph;
using GalaxyActors.Core.Tests.TestData;

namespace GalaxyActors.Core.Tests.Graph;

/// <summary>The search of shares of k-d positions a worker node runs: together, the library's exact graph.</summary>
public class ExactKnnReferenceTests
{
    [Theory]
    [InlineData(1000, 1)]
    [InlineData(1000, 7)]
    [InlineData(130, 5)]
    [InlineData(64, 3)]
    public void Shares_are_whole_chunks_that_cover_every_position_once(int count, int shares)
    {
        var next = 0;
        for (var i = 0; i < shares; i++)
        {
            var (first, size) = ExactKnn.Reference.Share(i, shares, count);
            Assert.Equal(next, first);
            Assert.True(size == 0 || first % 64 == 0, $"share {i} starts at {first}");
            next = first + size;
        }
        Assert.Equal(count, next);
    }

    [Theory]
    [InlineData(37, 2600, 10, 7)]
    [InlineData(13, 2300, 7, 3)]
    [InlineData(5, 1900, 3, 30)]
    public void Shares_searched_in_any_order_give_the_librarys_graph_on_duplicates_ties_and_clusters(int d, int n, int k, int shares)
    {
        var points = ExactKnnTests.AdversarialPoints(d, n);
        var expected = ExactKnn.Search(points, k);
        var reference = ExactKnn.Reference.Over(points);
        var ids = new int[n * k];
        var distances = new double[n * k];
        Array.Fill(ids, -2);
        foreach (var share in Enumerable.Range(0, shares).Reverse())
        {
            var (first, count) = ExactKnn.Reference.Share(share, shares, n);
            var lists = reference.SearchPositions(first, count, k, out var rows);
            for (var i = 0; i < count; i++)
            {
                lists.Ids.AsSpan(i * k, k).CopyTo(ids.AsSpan(rows[i] * k, k));
                lists.SquaredDistances.AsSpan(i * k, k).CopyTo(distances.AsSpan(rows[i] * k, k));
            }
        }
        Assert.Equal(expected.Ids, ids);
        for (var j = 0; j < ids.Length; j++)
            Assert.Equal(expected.Distances[j], (float)Math.Sqrt(distances[j]));
    }

    [Fact]
    public void The_fixture_graph_by_shares_is_the_one_scikit_learn_found()
    {
        var reference = ExactKnn.Reference.Over(GraphFixture.Reduced);
        var k = GraphFixture.Neighbours;
        var lists = reference.SearchPositions(0, GraphFixture.Points, k, out var rows);
        for (var i = 0; i < rows.Length; i++)
            Assert.Equal(GraphFixture.KnnIndices.AsSpan(rows[i] * k, k).ToArray().Order(), lists.Ids.AsSpan(i * k, k).ToArray().Order());
    }

    [Fact]
    public void A_share_that_does_not_start_at_a_chunk_is_refused()
    {
        var reference = ExactKnn.Reference.Over(ExactKnnTests.AdversarialPoints(5, 300));
        Assert.Throws<ArgumentException>(() => reference.SearchPositions(10, 64, 3, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => reference.SearchPositions(256, 64, 3, out _));
    }
}
