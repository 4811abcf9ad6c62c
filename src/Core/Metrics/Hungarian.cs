namespace GalaxyActors.Core.Metrics;

/// <summary>
/// Renames the clusters of one labelling to agree as much as possible with another (K-means and
/// spectral number their clusters arbitrarily): the Hungarian algorithm finds the one-to-one
/// matching of labels that maximises the number of items on which they agree.
/// </summary>
public static class Hungarian
{
    /// <summary>
    /// Returns <paramref name="other"/> relabelled: each of its labels matched to a label of
    /// <paramref name="reference"/> maximising agreement. When <paramref name="other"/> has more
    /// labels than the reference, the unmatched ones get fresh ids above the reference's largest
    /// label, in ascending order of their original ids.
    /// </summary>
    public static int[] Align(IReadOnlyList<int> reference, IReadOnlyList<int> other)
    {
        var table = new ContingencyTable(reference, other);
        var rows = table.RowLabels.Length;
        var columns = table.ColumnLabels.Length;
        var size = Math.Max(rows, columns);
        // Maximise agreement = minimise (max − count) on a square matrix padded with zero-count cells.
        long largest = 0;
        foreach (var c in table.Counts) largest = Math.Max(largest, c);
        var cost = new long[size, size];
        for (var r = 0; r < size; r++)
            for (var c = 0; c < size; c++)
                cost[r, c] = largest - (r < rows && c < columns ? table.Counts[r, c] : 0);
        var assignment = Solve(cost); // column → row

        var map = new Dictionary<int, int>();
        var next = rows > 0 ? table.RowLabels[^1] + 1 : 0;
        for (var c = 0; c < columns; c++)
        {
            var r = assignment[c];
            map[table.ColumnLabels[c]] = r < rows ? table.RowLabels[r] : next++;
        }
        var result = new int[other.Count];
        for (var i = 0; i < other.Count; i++) result[i] = map[other[i]];
        return result;
    }

    /// <summary>
    /// Minimum-cost perfect matching on a square cost matrix (Kuhn–Munkres with potentials,
    /// O(n³)). Returns, for each column, the row it is matched to.
    /// </summary>
    public static int[] Solve(long[,] cost)
    {
        var n = cost.GetLength(0);
        if (cost.GetLength(1) != n) throw new ArgumentException("The cost matrix must be square.", nameof(cost));
        // 1-based arrays; p[j] is the row matched to column j, column 0 is a sentinel.
        var u = new long[n + 1];
        var v = new long[n + 1];
        var p = new int[n + 1];
        var way = new int[n + 1];
        for (var i = 1; i <= n; i++)
        {
            p[0] = i;
            var j0 = 0;
            var minv = new long[n + 1];
            Array.Fill(minv, long.MaxValue);
            var used = new bool[n + 1];
            do
            {
                used[j0] = true;
                var i0 = p[j0];
                var delta = long.MaxValue;
                var j1 = 0;
                for (var j = 1; j <= n; j++)
                {
                    if (used[j]) continue;
                    var current = cost[i0 - 1, j - 1] - u[i0] - v[j];
                    if (current < minv[j]) { minv[j] = current; way[j] = j0; }
                    if (minv[j] < delta) { delta = minv[j]; j1 = j; }
                }
                for (var j = 0; j <= n; j++)
                {
                    if (used[j]) { u[p[j]] += delta; v[j] -= delta; }
                    else minv[j] -= delta;
                }
                j0 = j1;
            } while (p[j0] != 0);
            do
            {
                var j1 = way[j0];
                p[j0] = p[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        var columnToRow = new int[n];
        for (var j = 1; j <= n; j++) columnToRow[j - 1] = p[j] - 1;
        return columnToRow;
    }
}
