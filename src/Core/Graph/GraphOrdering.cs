using System.Runtime.CompilerServices;

namespace GalaxyActors.Core.Graph;

/// <summary>
/// Renumbering a graph's nodes so that neighbours get nearby numbers. A sparse × block product
/// gathers one block row per stored entry; in the kNN graph's own numbering those rows are
/// scattered over the whole block (38 MB at N = 200,000 and 24 vectors: a trip to memory each),
/// in breadth-first order they lie within a few consecutive BFS levels, mostly in cache.
/// </summary>
public static class GraphOrdering
{
    /// <summary>
    /// Breadth-first order (new position → node), each component from its smallest node, neighbours
    /// in column order: deterministic.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int[] BreadthFirst(SparseMatrix graph)
    {
        var n = graph.Size;
        var order = new int[n];
        var seen = new bool[n];
        int head = 0, tail = 0;
        for (var start = 0; start < n; start++)
        {
            if (seen[start])
                continue;
            seen[start] = true;
            order[tail++] = start;
            while (head < tail)
            {
                var node = order[head++];
                for (var p = graph.RowPointers[node]; p < graph.RowPointers[node + 1]; p++)
                {
                    var other = graph.ColumnIndices[p];
                    if (!seen[other])
                    {
                        seen[other] = true;
                        order[tail++] = other;
                    }
                }
            }
        }
        return order;
    }

    /// <summary>The same graph with node <paramref name="order"/>[i] renumbered i (columns kept ascending).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static SparseMatrix Renumber(SparseMatrix graph, int[] order)
    {
        var n = graph.Size;
        var position = new int[n];
        for (var i = 0; i < n; i++)
            position[order[i]] = i;
        var rowPointers = new int[n + 1];
        var columns = new int[graph.NonZeros];
        var values = new double[graph.NonZeros];
        var written = 0;
        for (var i = 0; i < n; i++)
        {
            var node = order[i];
            var start = written;
            for (var p = graph.RowPointers[node]; p < graph.RowPointers[node + 1]; p++)
            {
                columns[written] = position[graph.ColumnIndices[p]];
                values[written++] = graph.Values[p];
            }
            // Rows hold ~k to 2k entries: an insertion sort beats Array.Sort's per-call overhead many times over.
            for (var p = start + 1; p < written; p++)
            {
                var column = columns[p];
                var value = values[p];
                var q = p - 1;
                for (; q >= start && columns[q] > column; q--)
                {
                    columns[q + 1] = columns[q];
                    values[q + 1] = values[q];
                }
                columns[q + 1] = column;
                values[q + 1] = value;
            }
            rowPointers[i + 1] = written;
        }
        return new SparseMatrix(n, rowPointers, columns, values);
    }
}
