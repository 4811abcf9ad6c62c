namespace GalaxyActors.Core.Clustering;

/// <summary>
/// Picks K at the knee of a decreasing SSE curve with Kneedle (Satopää et al., 2011, as the
/// `kneed` package implements it for a convex decreasing curve, sensitivity S = 1):
/// 1. normalise K and SSE to [0, 1];
/// 2. flip the SSE (1 − y) so the curve rises, and take the difference curve D = (1 − y) − x, the
///    height above the chord from the first to the last point;
/// 3. walk along D: at each local maximum set the threshold T = D(max) − S·mean(Δx); the first
///    maximum after which D falls below its threshold (before a local minimum resets it) is the
///    knee. If none qualifies, the global maximum of D is used.
/// On scikit-learn's SSE list for the clustering fixture (K = 1..14) this gives K = 4.
/// </summary>
public static class KneeLocator
{
    public const double Sensitivity = 1.0;

    /// <param name="sse">SSE for K = 1..n (index K − 1).</param>
    /// <returns>The K at the knee (1-based).</returns>
    public static int Find(IReadOnlyList<double> sse)
    {
        var n = sse.Count;
        if (n == 0) throw new ArgumentException("The SSE curve is empty.", nameof(sse));
        if (n <= 2) return 1;
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var v in sse) { min = Math.Min(min, v); max = Math.Max(max, v); }
        if (!(max > min)) return 1;

        var difference = new double[n];
        for (var i = 0; i < n; i++)
        {
            var x = (double)i / (n - 1);
            var y = (sse[i] - min) / (max - min);
            difference[i] = 1 - y - x;
        }

        // Local extrema as scipy's argrelextrema with greater_equal / less_equal (interior points).
        var isMax = new bool[n];
        var isMin = new bool[n];
        for (var i = 1; i < n - 1; i++)
        {
            isMax[i] = difference[i] >= difference[i - 1] && difference[i] >= difference[i + 1];
            isMin[i] = difference[i] <= difference[i - 1] && difference[i] <= difference[i + 1];
        }
        var meanStep = 1.0 / (n - 1);
        var threshold = double.NaN;
        var thresholdIndex = -1;
        for (var i = 0; i < n - 1; i++)
        {
            if (isMax[i]) { threshold = difference[i] - Sensitivity * meanStep; thresholdIndex = i; }
            if (isMin[i]) threshold = 0;
            if (thresholdIndex >= 0 && difference[i + 1] < threshold) return thresholdIndex + 1;
        }

        var best = 0;
        for (var i = 1; i < n; i++) if (difference[i] > difference[best]) best = i;
        return best + 1;
    }
}
