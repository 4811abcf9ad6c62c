namespace GalaxyActors.Core.Graph;

/// <summary>
/// The eigengap K chosen from a graph Laplacian's smallest eigenvalues: the gap λ_{K+1} − λ_K (1-based, ascending)
/// that was the largest, with its two ends, so a report can show what chose K.
/// </summary>
/// <param name="Upper">λ_{K+1}; NaN when K is the last eigenvalue computed (no gap could be measured).</param>
public sealed record EigengapChoice(int K, double Lower, double Upper)
{
    public double Gap => Upper - Lower;
}

/// <summary>The eigengap heuristic for the number of clusters (von Luxburg 2007, §8.3).</summary>
public static class Eigengap
{
    /// <summary>
    /// K such that λ_{K+1} − λ_K is the largest gap for K ≥ <paramref name="minimumK"/>: the first K eigenvalues sit near
    /// 0, apart from the rest. A connected graph always has λ₁ = 0, so the gap after λ₁ says only that the graph is
    /// connected, never that it has one cluster: K starts at 2, and at the number of connected components (each has
    /// its own zero eigenvalue, so fewer clusters than components would split none of them). The earliest K wins a tie.
    /// </summary>
    /// <param name="minimumK">The smallest K allowed, at least 2 (pass max(2, connected components)).</param>
    public static EigengapChoice Choose(double[] ascendingEigenvalues, int minimumK = 2)
    {
        var m = ascendingEigenvalues.Length;
        if (m < 2)
            throw new ArgumentException($"The eigengap needs at least 2 eigenvalues (n_eigenvalues), got {m}.", nameof(ascendingEigenvalues));
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumK, 2);
        if (minimumK >= m)
        {
            // No gap after λ_minimumK was computed: use as many clusters as allowed, and say no gap was measured.
            var k = Math.Min(minimumK, m);
            return new EigengapChoice(k, ascendingEigenvalues[k - 1], k < m ? ascendingEigenvalues[k] : double.NaN);
        }
        var best = minimumK;
        var bestGap = double.NegativeInfinity;
        for (var k = minimumK; k < m; k++)
        {
            var gap = ascendingEigenvalues[k] - ascendingEigenvalues[k - 1];
            if (gap > bestGap)
            {
                bestGap = gap;
                best = k;
            }
        }
        return new EigengapChoice(best, ascendingEigenvalues[best - 1], ascendingEigenvalues[best]);
    }
}
