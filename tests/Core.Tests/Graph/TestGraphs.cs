using GalaxyActors.Core.Graph;

namespace GalaxyActors.Core.Tests.Graph;

/// <summary>Small graphs whose Laplacian spectra are known in closed form.</summary>
internal static class TestGraphs
{
    public static SparseMatrix FromEdges(int n, IEnumerable<(int A, int B)> edges)
    {
        var rows = Enumerable.Range(0, n).Select(_ => new SortedSet<int>()).ToArray();
        foreach (var (a, b) in edges)
        {
            rows[a].Add(b);
            rows[b].Add(a);
        }
        var pointers = new int[n + 1];
        var columns = new List<int>();
        for (var i = 0; i < n; i++)
        {
            columns.AddRange(rows[i]);
            pointers[i + 1] = columns.Count;
        }
        return new SparseMatrix(n, pointers, columns.ToArray(), Enumerable.Repeat(1.0, columns.Count).ToArray());
    }

    public static SparseMatrix Cycle(int n) => FromEdges(n, Enumerable.Range(0, n).Select(i => (i, (i + 1) % n)));

    public static SparseMatrix Path(int n) => FromEdges(n, Enumerable.Range(0, n - 1).Select(i => (i, i + 1)));

    public static SparseMatrix TwoCliques(int a, int b)
    {
        var edges = new List<(int, int)>();
        for (var i = 0; i < a; i++)
            for (var j = i + 1; j < a; j++)
                edges.Add((i, j));
        for (var i = a; i < a + b; i++)
            for (var j = i + 1; j < a + b; j++)
                edges.Add((i, j));
        return FromEdges(a + b, edges);
    }
}
