using MathNet.Numerics.LinearAlgebra;

namespace GalaxyActors.Core.Linalg;

/// <summary>
/// Principal component analysis from streamed statistics: the covariance comes from merged
/// <see cref="PcaStatistics"/> partials and is eigen-decomposed by MathNet's symmetric solver.
/// </summary>
public static class Pca
{
    /// <summary>Rows per slice partial for local runs; the cluster's slice actors use the same size.</summary>
    public const int DefaultSliceRows = 512;

    public const double DefaultVarianceTarget = 0.90;

    /// <summary>
    /// Statistics of a whole matrix, computed the way a distributed run does: one partial per slice
    /// of <paramref name="sliceRows"/> rows (in parallel), merged in slice order.
    /// </summary>
    public static PcaStatistics ComputeStatistics(RowMatrix features, int sliceRows = DefaultSliceRows)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sliceRows);
        if (features.Rows == 0 || features.Columns == 0)
            throw new InvalidInputException($"The features are empty ({features.Rows}×{features.Columns}): PCA needs at least two rows.");
        var total = new PcaStatistics(features.Columns);
        var slices = (features.Rows + sliceRows - 1) / sliceRows;
        SliceReduction.Run(slices,
            () => new PcaStatistics(features.Columns),
            (slice, partial) =>
            {
                partial.Reset();
                var start = slice * sliceRows;
                var count = Math.Min(sliceRows, features.Rows - start);
                partial.Add(features.RowBlock(start, count), count, start);
            },
            (_, partial) => total.Merge(partial));
        return total;
    }

    /// <summary>
    /// Fits PCA: covariance (unbiased, like scikit-learn's explained_variance_), eigenpairs in
    /// descending order, and the fewest components whose cumulative explained variance ratio
    /// reaches <paramref name="varianceTarget"/> (1.0 keeps them all).
    /// </summary>
    public static PcaModel Fit(PcaStatistics statistics, double varianceTarget = DefaultVarianceTarget) => Fit(statistics, varianceTarget, fixedComponents: null);

    /// <summary>Fits PCA keeping exactly the <paramref name="components"/> leading components (fewer when the features have fewer dimensions).</summary>
    public static PcaModel FitComponents(PcaStatistics statistics, int components)
    {
        if (components < 1)
            throw new InvalidInputException($"n_components (PCA) must be at least 1, got {components}.");
        return Fit(statistics, 1.0, fixedComponents: components);
    }

    private static PcaModel Fit(PcaStatistics statistics, double varianceTarget, int? fixedComponents)
    {
        if (!(varianceTarget > 0 && varianceTarget <= 1))
            throw new InvalidInputException($"variance_target (PCA) must be in (0, 1], got {varianceTarget}.");
        if (statistics.Count < 2)
            throw new InvalidInputException($"PCA needs at least two feature rows, got {statistics.Count}.");
        var d = statistics.Dimensions;
        var n = (double)statistics.Count;
        var mean = new double[d];
        for (var j = 0; j < d; j++) mean[j] = statistics.Sum[j] / n;

        // Covariance from the raw scatter: (XᵀX − n μμᵀ)/(n − 1). The raw sums are kept in double,
        // which leaves ample digits for the cancellation with the mean of non-negative CNN features.
        var cov = new double[d, d];
        for (var i = 0; i < d; i++)
        {
            for (var j = i; j < d; j++)
            {
                var c = (statistics.Scatter[i * d + j] - n * mean[i] * mean[j]) / (n - 1);
                cov[i, j] = c;
                cov[j, i] = c;
            }
        }
        double trace = 0;
        for (var i = 0; i < d; i++) trace += cov[i, i];

        var evd = Matrix<double>.Build.DenseOfArray(cov).Evd(Symmetricity.Symmetric);
        var values = evd.EigenValues;
        var vectors = evd.EigenVectors;
        // MathNet returns symmetric eigenvalues in ascending order; we want descending.
        var order = new int[d];
        for (var i = 0; i < d; i++) order[i] = i;
        // Equal eigenvalues keep their index order, so the choice never depends on the sort's instability.
        Array.Sort(order, (a, b) => values[b].Real.CompareTo(values[a].Real) is var byValue and not 0 ? byValue : a.CompareTo(b));

        var variance = new double[d];
        var ratio = new double[d];
        for (var i = 0; i < d; i++)
        {
            variance[i] = Math.Max(0, values[order[i]].Real);
            ratio[i] = trace > 0 ? variance[i] / trace : 0;
        }

        var keep = d;
        if (fixedComponents is { } fixedCount)
            keep = Math.Min(fixedCount, d);
        else
        {
            double cumulative = 0;
            for (var i = 0; i < d; i++)
            {
                cumulative += ratio[i];
                if (cumulative >= varianceTarget) { keep = i + 1; break; }
            }
        }

        var components = new double[keep * d];
        for (var i = 0; i < keep; i++)
        {
            var col = order[i];
            // Eigenvector signs are arbitrary; fix them so the largest-magnitude entry is positive
            // (scikit-learn's svd_flip convention on components), so every run agrees.
            var best = 0;
            for (var j = 1; j < d; j++)
                if (Math.Abs(vectors[j, col]) > Math.Abs(vectors[best, col])) best = j;
            var sign = vectors[best, col] < 0 ? -1.0 : 1.0;
            for (var j = 0; j < d; j++) components[i * d + j] = sign * vectors[j, col];
        }
        return new PcaModel(d, keep, mean, components, variance, ratio, varianceTarget);
    }
}
