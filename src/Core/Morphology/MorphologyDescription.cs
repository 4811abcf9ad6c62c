using System.Globalization;

namespace GalaxyActors.Core.Morphology;

/// <summary>
/// The phrase for one cluster from its medians. Shape and concentration are always given with their values; the
/// other terms only when they say something.
/// <list type="bullet">
/// <item>b/a &lt; <see cref="Elongated"/> "elongated", &gt; <see cref="Round"/> "round", otherwise "oval": an inclined
/// thin disk has b/a ≈ cos i (Hubble 1926), so b/a &lt; 0.5 is i ≳ 60° (towards edge-on) and b/a &gt; 0.8 is i ≲ 37°
/// (near face-on, or an E0–E2 elliptical).</item>
/// <item>C ≥ <see cref="Concentrated"/> "concentrated" (bulge-like), C &lt; <see cref="Diffuse"/> "diffuse" (disk-like),
/// otherwise "intermediate concentration": the cuts sit between the C ≈ 2.7–3 of disks (an exponential disk has 2.8 in
/// total light) and the C ≈ 4–5 of ellipticals (Bershady, Jangren &amp; Conselice 2000; Conselice 2003).</item>
/// <item>A &gt; <see cref="Asymmetric"/> "asymmetric" (disturbed or clumpy; Conselice 2003 places mergers at A &gt; 0.35,
/// and A ≳ 0.2 is beyond normal spirals).</item>
/// <item>Gini–M₂₀ bulge statistic F = −0.693 M₂₀ + 4.95 G − 3.96 &gt; 0 "bulge-dominated (G–M₂₀)" (Snyder et al. 2015;
/// Rodriguez-Gomez et al. 2019, eq. 21), from the cluster's median G and M₂₀.</item>
/// <item>Colour has no absolute scale on RGB composites (the stretch differs per survey), so "red" when the cluster's
/// median colour is above the sample's upper tercile of per-image colour, "blue" when below its lower tercile.</item>
/// </list>
/// A cluster with no quantity measured reads "not measured".
/// </summary>
internal static class MorphologyDescription
{
    public const double Elongated = 0.5;
    public const double Round = 0.8;
    public const double Concentrated = 3.5;
    public const double Diffuse = 2.8;
    public const double Asymmetric = 0.2;

    public static string Describe(IReadOnlyList<QuantitySummary> quantities, double lowerColourTercile, double upperColourTercile)
    {
        if (quantities.All(q => q.Measured == 0))
            return "not measured";
        var terms = new List<string>(5);
        var ratio = quantities[MorphologyQuantities.AxisRatio.Index];
        terms.Add(ratio.Measured == 0
            ? "b/a not measured"
            : $"{(ratio.Median < Elongated ? "elongated" : ratio.Median > Round ? "round" : "oval")} (b/a {Format(ratio.Median, "0.00")})");
        var concentration = quantities[MorphologyQuantities.Concentration.Index];
        terms.Add(concentration.Measured == 0
            ? "C not measured"
            : $"{(concentration.Median >= Concentrated ? "concentrated" : concentration.Median < Diffuse ? "diffuse" : "intermediate concentration")} (C {Format(concentration.Median, "0.0")})");
        var asymmetry = quantities[MorphologyQuantities.Asymmetry.Index];
        if (asymmetry.Measured > 0 && asymmetry.Median > Asymmetric)
            terms.Add($"asymmetric (A {Format(asymmetry.Median, "0.00")})");
        var gini = quantities[MorphologyQuantities.Gini.Index];
        var m20 = quantities[MorphologyQuantities.M20.Index];
        if (gini.Measured > 0 && m20.Measured > 0)
        {
            var bulge = BulgeStatistic(gini.Median, m20.Median);
            if (bulge > 0)
                terms.Add($"bulge-dominated (G–M₂₀ F {Format(bulge, "0.00")})");
        }
        var colour = quantities[MorphologyQuantities.Colour.Index];
        if (colour.Measured > 0)
        {
            if (colour.Median > upperColourTercile)
                terms.Add("red");
            else if (colour.Median < lowerColourTercile)
                terms.Add("blue");
        }
        return string.Join(", ", terms);
    }

    /// <summary>F(G, M₂₀) of Snyder et al. (2015): positive for bulge-dominated light.</summary>
    public static double BulgeStatistic(double gini, double m20) => -0.693 * m20 + 4.95 * gini - 3.96;

    private static string Format(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
