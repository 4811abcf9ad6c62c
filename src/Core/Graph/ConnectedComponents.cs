using System.Runtime.CompilerServices;
namespace GalaxyActors.Core.Graph;

/// <summary>Connected components of an undirected graph (breadth-first search over its CSR rows).</summary>
public static class ConnectedComponents
{
    /// <summary>
    /// The number of components and each node's component id; ids are numbered in order of each
    /// component's smallest node, so they are deterministic.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ComponentLabels Find(SparseMatrix graph)
    {
        var n = graph.Size;
        var labels = new int[n];
        Array.Fill(labels, -1);
        var queue = new int[n];
        var count = 0;
        for (var start = 0; start < n; start++)
        {
            if (labels[start] >= 0)
                continue;
            int head = 0, tail = 0;
            queue[tail++] = start;
            labels[start] = count;
            while (head < tail)
            {
                var node = queue[head++];
                for (var p = graph.RowPointers[node]; p < graph.RowPointers[node + 1]; p++)
                {
                    var other = graph.ColumnIndices[p];
                    if (labels[other] < 0 && graph.Values[p] != 0)
                    {
                        labels[other] = count;
                        queue[tail++] = other;
                    }
                }
            }
            count++;
        }
        return new ComponentLabels(count, labels);
    }
}

/// <summary><see cref="ComponentOf"/>[i] is node i's component, 0 ≤ id &lt; <see cref="Count"/>.</summary>
public sealed record ComponentLabels(int Count, int[] ComponentOf);
