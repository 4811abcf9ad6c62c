namespace GalaxyActors.Core.Morphology;

/// <summary>
/// Gini coefficient and M₂₀ of the segment's pixels (Lotz, Primack &amp; Madau 2004), from one sort of the fluxes.
/// </summary>
internal static class GiniM20
{
    /// <summary>
    /// G = Σᵢ (2i − n − 1)|Xᵢ| / (|X̄| n (n − 1)), |Xᵢ| in increasing order, i = 1..n (Lotz et al. 2004, eq. 6).
    /// <paramref name="ascending"/> are the fluxes sorted ascending (negative ones allowed): the order of |X| is the
    /// merge of the negative run read backwards with the non-negative run. NaN for fewer than 2 pixels or no light.
    /// </summary>
    public static double Gini(ReadOnlySpan<float> ascending)
    {
        var n = ascending.Length;
        if (n < 2)
            return double.NaN;
        var negatives = 0;
        while (negatives < n && ascending[negatives] < 0)
            negatives++;
        int down = negatives - 1, up = negatives;
        double weighted = 0, sum = 0;
        for (var i = 1; i <= n; i++)
        {
            double value;
            if (down >= 0 && (up >= n || -ascending[down] <= ascending[up]))
                value = -ascending[down--];
            else
                value = ascending[up++];
            weighted += (2.0 * i - n - 1) * value;
            sum += value;
        }
        return sum > 0 ? weighted / (sum * (n - 1)) : double.NaN;
    }

    /// <summary>
    /// M₂₀ = log₁₀(Σ_brightest fᵢ rᵢ² / M_tot), M_tot = Σ fᵢ rᵢ² over the segment, the brightest pixels those holding
    /// 20 % of the light (counted from the brightest down to the pixel that reaches 20 %). Negative pixels count as 0.
    /// r is measured from the flux centroid, the centre that minimises M_tot (Lotz et al. 2004, eq. 7–8).
    /// </summary>
    /// <param name="ascending">Fluxes sorted ascending.</param>
    /// <param name="radiiSquared">r² of each flux, in the same order.</param>
    public static double M20(ReadOnlySpan<float> ascending, ReadOnlySpan<float> radiiSquared)
    {
        double light = 0, total = 0;
        for (var i = 0; i < ascending.Length; i++)
        {
            var f = ascending[i];
            if (f <= 0)
                continue;
            light += f;
            total += (double)f * radiiSquared[i];
        }
        if (!(light > 0) || !(total > 0))
            return double.NaN;
        double cumulative = 0, bright = 0;
        for (var i = ascending.Length - 1; i >= 0 && cumulative < 0.2 * light; i--)
        {
            var f = ascending[i];
            if (f <= 0)
                break;
            cumulative += f;
            bright += (double)f * radiiSquared[i];
        }
        return bright > 0 ? Math.Log10(bright / total) : double.NaN;
    }
}
