namespace GalaxyActors.Core.Metrics;

/// <summary>Agreement between two labellings, with scikit-learn's definitions and edge cases.</summary>
public static class ClusteringMetrics
{
    /// <summary>
    /// Adjusted Rand index (Hubert and Arabie): (Σ C(n_ij,2) − E) / (½(Σ C(a_i,2) + Σ C(b_j,2)) − E),
    /// E = Σ C(a_i,2) · Σ C(b_j,2) / C(n,2). 1 for identical partitions, ≈ 0 for independent ones;
    /// 1 when the denominator vanishes (both trivial), as scikit-learn.
    /// </summary>
    public static double AdjustedRandIndex(IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        var table = new ContingencyTable(a, b);
        double pairs = 0, rowPairs = 0, columnPairs = 0;
        foreach (var count in table.Counts) pairs += Choose2(count);
        foreach (var s in table.RowSums) rowPairs += Choose2(s);
        foreach (var s in table.ColumnSums) columnPairs += Choose2(s);
        var totalPairs = Choose2(table.Total);
        if (totalPairs == 0) return 1.0;
        var expected = rowPairs * columnPairs / totalPairs;
        var maximum = 0.5 * (rowPairs + columnPairs);
        if (maximum - expected == 0) return 1.0;
        return (pairs - expected) / (maximum - expected);
    }

    /// <summary>
    /// Normalised mutual information with the arithmetic mean of the entropies (scikit-learn's
    /// default): MI / ((H(A) + H(B)) / 2). 1 when both labellings are a single cluster.
    /// </summary>
    public static double NormalizedMutualInformation(IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        var table = new ContingencyTable(a, b);
        if (table.RowLabels.Length == table.ColumnLabels.Length && table.RowLabels.Length <= 1) return 1.0;
        var mi = MutualInformation(table);
        var mean = 0.5 * (Entropy(table.RowSums, table.Total) + Entropy(table.ColumnSums, table.Total));
        // Guard as scikit-learn does against a zero mean entropy (MI is then 0 too).
        return mi / Math.Max(mean, double.Epsilon);
    }

    /// <summary>Mutual information in nats.</summary>
    public static double MutualInformation(ContingencyTable table)
    {
        double n = table.Total;
        double mi = 0;
        for (var r = 0; r < table.RowLabels.Length; r++)
            for (var c = 0; c < table.ColumnLabels.Length; c++)
            {
                double nij = table.Counts[r, c];
                if (nij == 0) continue;
                mi += nij / n * Math.Log(n * nij / ((double)table.RowSums[r] * table.ColumnSums[c]));
            }
        return Math.Max(0, mi);
    }

    /// <summary>
    /// Purity of <paramref name="clusters"/> against the true <paramref name="classes"/>: the share of
    /// items whose cluster's most common class is their own.
    /// </summary>
    public static double Purity(IReadOnlyList<int> classes, IReadOnlyList<int> clusters)
    {
        var table = new ContingencyTable(classes, clusters);
        if (table.Total == 0) return 1.0;
        long correct = 0;
        for (var c = 0; c < table.ColumnLabels.Length; c++)
        {
            long best = 0;
            for (var r = 0; r < table.RowLabels.Length; r++) best = Math.Max(best, table.Counts[r, c]);
            correct += best;
        }
        return (double)correct / table.Total;
    }

    private static double Entropy(long[] sums, long total)
    {
        double h = 0;
        foreach (var s in sums)
        {
            if (s == 0) continue;
            var p = (double)s / total;
            h -= p * Math.Log(p);
        }
        return h;
    }

    private static double Choose2(long n) => n * (n - 1) / 2.0;
}
