using GalaxyActors.Core.Graph;
using GalaxyActors.Core.Tests.TestData;

namespace GalaxyActors.Core.Tests.Graph;

public class KnnGraphTests
{
    [Fact]
    public void Mutual_neighbours_weigh_one_and_one_way_neighbours_one_half()
    {
        // 0↔1 mutual; 2→0 one way; 3→2 one way; self ids ignored.
        int[] ids = [1, 0, 0, 2];
        var w = KnnGraph.Build(4, ids, 1);
        Assert.Equal(1.0, w[0, 1]);
        Assert.Equal(1.0, w[1, 0]);
        Assert.Equal(0.5, w[2, 0]);
        Assert.Equal(0.5, w[0, 2]);
        Assert.Equal(0.5, w[3, 2]);
        Assert.Equal(0.5, w[2, 3]);
        Assert.Equal(0.0, w[1, 2]);
        Assert.Equal(6, w.NonZeros);
    }

    [Fact]
    public void Graph_from_fixture_is_symmetric_without_self_loops_and_connected()
    {
        var w = KnnGraph.Build(GraphFixture.Points, GraphFixture.KnnIndices, GraphFixture.Neighbours);
        var ids = GraphFixture.KnnIndices;
        for (var i = 0; i < w.Size; i++)
        {
            for (var p = w.RowPointers[i]; p < w.RowPointers[i + 1]; p++)
            {
                var j = w.ColumnIndices[p];
                Assert.NotEqual(i, j);
                Assert.Equal(w.Values[p], w[j, i]);
                if (p > w.RowPointers[i])
                    Assert.True(w.ColumnIndices[p - 1] < j);
                var forward = ids.AsSpan(i * 10, 10).Contains(j);
                var backward = ids.AsSpan(j * 10, 10).Contains(i);
                Assert.Equal((forward ? 0.5 : 0) + (backward ? 0.5 : 0), w.Values[p]);
            }
        }
        Assert.Equal(GraphFixture.ConnectedComponents, ConnectedComponents.Find(w).Count);
    }

    [Fact]
    public void Two_disjoint_cliques_are_two_components()
    {
        var w = TestGraphs.TwoCliques(5, 7);
        var components = ConnectedComponents.Find(w);
        Assert.Equal(2, components.Count);
        Assert.All(components.ComponentOf[..5], c => Assert.Equal(0, c));
        Assert.All(components.ComponentOf[5..], c => Assert.Equal(1, c));
    }
}
