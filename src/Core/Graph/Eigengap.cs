namespace GalaxyActors.Core.Graph;

/// <summary>The eigengap heuristic for the number of clusters.</summary>
public static class Eigengap
{
    /// <summary>
    /// K such that λ_{K+1} − λ_K (1-based, eigenvalues ascending) is the largest gap: the first K
    /// eigenvalues sit near 0, apart from the rest. The earliest K wins a tie.
    /// </summary>
    public static int Choose(double[] ascendingEigenvalues)
    {
        if (ascendingEigenvalues.Length < 2)
            throw new InvalidInputException($"--eigenvalues: the eigengap needs at least 2 eigenvalues, got {ascendingEigenvalues.Length}.");
        var best = 1;
        var bestGap = double.NegativeInfinity;
        for (var i = 0; i + 1 < ascendingEigenvalues.Length; i++)
        {
            var gap = ascendingEigenvalues[i + 1] - ascendingEigenvalues[i];
            if (gap > bestGap)
            {
                bestGap = gap;
                best = i + 1;
            }
        }
        return best;
    }
}
