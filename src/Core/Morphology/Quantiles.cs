namespace GalaxyActors.Core.Morphology;

/// <summary>Quantiles by linear interpolation between order statistics (numpy's default, "linear" / type 7).</summary>
internal static class Quantiles
{
    /// <summary>The q-quantile of values sorted ascending: position q·(n − 1), interpolated; NaN when empty.</summary>
    public static double OfSorted(ReadOnlySpan<double> sorted, double q)
    {
        var n = sorted.Length;
        if (n == 0)
            return double.NaN;
        var position = q * (n - 1);
        var lower = (int)Math.Floor(position);
        if (lower >= n - 1)
            return sorted[n - 1];
        var fraction = position - lower;
        return sorted[lower] + fraction * (sorted[lower + 1] - sorted[lower]);
    }
}
