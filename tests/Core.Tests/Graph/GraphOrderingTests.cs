using GalaxyActors.Core.Graph;

namespace GalaxyActors.Core.Tests.Graph;

public class GraphOrderingTests
{
    [Fact]
    public void Breadth_first_order_visits_every_node_once_component_by_component()
    {
        // Two components, 0–3–5 and 1–2, and the isolated node 4.
        var w = TestGraphs.FromEdges(6, [(0, 3), (3, 5), (1, 2)]);
        var order = GraphOrdering.BreadthFirst(w);
        // From 0: 0, then its neighbour 3, then 3's other neighbour 5; next component from 1: 1, 2; node 4 alone.
        Assert.Equal([0, 3, 5, 1, 2, 4], order);
    }

    [Fact]
    public void Renumbered_graph_has_the_same_edges_under_the_new_numbers()
    {
        var w = TestGraphs.FromEdges(7, [(0, 4), (4, 6), (6, 1), (2, 5), (5, 3), (0, 6)]);
        var order = GraphOrdering.BreadthFirst(w);
        var renumbered = GraphOrdering.Renumber(w, order);
        Assert.Equal(w.NonZeros, renumbered.NonZeros);
        for (var i = 0; i < 7; i++)
            for (var j = 0; j < 7; j++)
                Assert.Equal(w[order[i], order[j]], renumbered[i, j]);
    }
}
