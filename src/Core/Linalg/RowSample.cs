namespace GalaxyActors.Core.Linalg;

/// <summary>Distinct row indices drawn at random, fixed for a seed: the rows a check or a subsample looks at.</summary>
public static class RowSample
{
    /// <summary><paramref name="count"/> distinct rows of 0..<paramref name="n"/>−1 (all of them when count ≥ n), ascending.</summary>
    public static int[] Ascending(int n, int count, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        count = Math.Min(count, n);
        // A partial Fisher–Yates shuffle: the first `count` places are a uniform sample without replacement.
        var random = new Random(seed);
        var all = new int[n];
        for (var i = 0; i < n; i++) all[i] = i;
        for (var i = 0; i < count; i++)
        {
            var j = random.Next(i, n);
            (all[i], all[j]) = (all[j], all[i]);
        }
        var rows = all[..count];
        Array.Sort(rows);
        return rows;
    }

    /// <summary>The rows <paramref name="rows"/> of <paramref name="points"/>, in that order, as a new matrix.</summary>
    public static RowMatrix Gather(RowMatrix points, IReadOnlyList<int> rows)
    {
        var gathered = new RowMatrix(rows.Count, points.Columns);
        for (var i = 0; i < rows.Count; i++) points.Row(rows[i]).CopyTo(gathered.Row(i));
        return gathered;
    }
}
