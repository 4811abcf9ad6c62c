namespace GalaxyActors.Core.Morphology;

/// <summary>Median and interquartile range of one quantity over the rows where it was measured (NaN rows left out).</summary>
public sealed record QuantitySummary(double Median, double LowerQuartile, double UpperQuartile, int Measured);

/// <summary>One cluster's morphology: a summary per quantity (in <see cref="MorphologyQuantities.All"/> order) and a phrase.</summary>
/// <param name="Description">How an astronomer would read it, e.g. "elongated (b/a 0.31), concentrated (C 3.9), red".</param>
public sealed record ClusterMorphology(int Cluster, int Size, IReadOnlyList<QuantitySummary> Quantities, string Description);

/// <summary>Per-cluster morphology profiles from the per-image rows of <see cref="MorphologyMeter"/>.</summary>
/// <remarks>Quantiles interpolate linearly between order statistics like numpy's default; the words of
/// <see cref="ClusterMorphology.Description"/> and their thresholds are documented on <c>MorphologyDescription</c>.</remarks>
public static class MorphologyProfile
{
    /// <param name="rows">Row-major N × <see cref="MorphologyQuantities.Count"/>.</param>
    /// <param name="assignments">Cluster of each row, 0..k-1.</param>
    public static IReadOnlyList<ClusterMorphology> PerCluster(ReadOnlySpan<float> rows, IReadOnlyList<int> assignments, int k)
    {
        ArgumentNullException.ThrowIfNull(assignments);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        var columns = MorphologyQuantities.Count;
        var n = assignments.Count;
        if (rows.Length != (long)n * columns)
            throw new ArgumentException($"Rows hold {rows.Length} values, expected {n}×{columns}.", nameof(rows));
        var sizes = new int[k];
        for (var i = 0; i < n; i++)
        {
            var cluster = assignments[i];
            if ((uint)cluster >= (uint)k)
                throw new ArgumentOutOfRangeException(nameof(assignments), cluster, $"Row {i} is assigned to cluster {cluster}, outside 0..{k - 1}.");
            sizes[cluster]++;
        }

        var colourColumn = MorphologyQuantities.Colour.Index;
        var allColours = Measured(rows, assignments, colourColumn, cluster: -1);
        var lowerTercile = Quantiles.OfSorted(allColours, 1.0 / 3.0);
        var upperTercile = Quantiles.OfSorted(allColours, 2.0 / 3.0);

        var result = new ClusterMorphology[k];
        for (var cluster = 0; cluster < k; cluster++)
        {
            var summaries = new QuantitySummary[columns];
            for (var column = 0; column < columns; column++)
            {
                var values = Measured(rows, assignments, column, cluster);
                summaries[column] = new QuantitySummary(Quantiles.OfSorted(values, 0.5), Quantiles.OfSorted(values, 0.25),
                    Quantiles.OfSorted(values, 0.75), values.Length);
            }
            result[cluster] = new ClusterMorphology(cluster, sizes[cluster], summaries,
                MorphologyDescription.Describe(summaries, lowerTercile, upperTercile));
        }
        return result;
    }

    /// <summary>The column's non-NaN values of the cluster's rows (every row for cluster −1), sorted ascending.</summary>
    private static double[] Measured(ReadOnlySpan<float> rows, IReadOnlyList<int> assignments, int column, int cluster)
    {
        var columns = MorphologyQuantities.Count;
        var values = new List<double>();
        for (var i = 0; i < assignments.Count; i++)
        {
            if (cluster >= 0 && assignments[i] != cluster)
                continue;
            var value = rows[i * columns + column];
            if (!float.IsNaN(value))
                values.Add(value);
        }
        var array = values.ToArray();
        Array.Sort(array);
        return array;
    }
}
