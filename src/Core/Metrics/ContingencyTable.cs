namespace GalaxyActors.Core.Metrics;

/// <summary>
/// Counts of rows per (label in A, label in B). Labels can be any ints; rows and columns are the
/// distinct labels of each labelling in ascending order.
/// </summary>
public sealed class ContingencyTable
{
    public ContingencyTable(IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        if (a.Count != b.Count)
            throw new InvalidInputException($"The two labellings have different lengths ({a.Count} and {b.Count}).");
        RowLabels = Distinct(a);
        ColumnLabels = Distinct(b);
        Counts = new long[RowLabels.Length, ColumnLabels.Length];
        for (var i = 0; i < a.Count; i++)
            Counts[Array.BinarySearch(RowLabels, a[i]), Array.BinarySearch(ColumnLabels, b[i])]++;
        Total = a.Count;
        RowSums = new long[RowLabels.Length];
        ColumnSums = new long[ColumnLabels.Length];
        for (var r = 0; r < RowLabels.Length; r++)
            for (var c = 0; c < ColumnLabels.Length; c++)
            {
                RowSums[r] += Counts[r, c];
                ColumnSums[c] += Counts[r, c];
            }
    }

    /// <summary>Distinct labels of the first labelling, ascending (the table's rows).</summary>
    public int[] RowLabels { get; }

    /// <summary>Distinct labels of the second labelling, ascending (the table's columns).</summary>
    public int[] ColumnLabels { get; }

    /// <summary>[rows, columns]: how many items carry RowLabels[r] in A and ColumnLabels[c] in B.</summary>
    public long[,] Counts { get; }

    public long[] RowSums { get; }
    public long[] ColumnSums { get; }
    public long Total { get; }

    private static int[] Distinct(IReadOnlyList<int> labels)
    {
        var set = new SortedSet<int>();
        foreach (var l in labels) set.Add(l);
        return set.ToArray();
    }
}
