namespace GalaxyActors.Core.Imaging.Synthetic;

/// <summary>
/// Petrosian radii of a galaxy's light as the SDSS photometric pipeline defines them (Blanton et al. 2001;
/// Strauss et al. 2002), in circular apertures about a given centre: the Petrosian radius r_P is where the
/// Petrosian ratio η(r) — the mean surface brightness in the annulus [0.8 r, 1.25 r] over the mean surface
/// brightness within r — falls to 0.2; the Petrosian flux is the light within 2 r_P; R50 and R90 (SDSS petroR50,
/// petroR90) are the radii holding 50 % and 90 % of it. Galaxy Zoo 2 scaled every cutout by petroR90_r, so this
/// is the measure the synthetic sample is framed by (see GalaxyModel).
/// The growth curve is built from 4×4 sub-samples per pixel, each carrying a sixteenth of the pixel's light.
/// </summary>
internal static class PetrosianRadii
{
    public const double PetrosianRatio = 0.2;
    public const double ApertureInPetrosianRadii = 2.0;
    private const double BinWidth = 0.125;
    private const int SubSamples = 4;

    /// <param name="Petrosian">r_P, pixels.</param>
    /// <param name="R50">Radius holding half of the Petrosian flux, pixels.</param>
    /// <param name="R90">Radius holding 90 % of the Petrosian flux, pixels.</param>
    public readonly record struct Radii(double Petrosian, double R50, double R90)
    {
        public bool IsValid => double.IsFinite(Petrosian) && double.IsFinite(R50) && double.IsFinite(R90);
    }

    /// <summary>Radii of the light in a <paramref name="size"/>² plane (row-major, non-negative) about (<paramref name="centreX"/>, <paramref name="centreY"/>);
    /// NaN when η never falls to 0.2 within the plane (the aperture would leave it).</summary>
    public static Radii Measure(ReadOnlySpan<float> light, int size, double centreX, double centreY)
    {
        var inside = Inside(size, centreX, centreY);
        var bins = BinsWithin(inside);
        var growth = new double[bins + 1]; // growth[k] = light within k·BinWidth
        var step = 1.0 / SubSamples;
        for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++)
            {
                var value = light[y * size + x];
                if (value == 0)
                    continue;
                var share = value / (double)(SubSamples * SubSamples);
                for (var sy = 0; sy < SubSamples; sy++)
                {
                    var dy = y - 0.5 + (sy + 0.5) * step - centreY;
                    for (var sx = 0; sx < SubSamples; sx++)
                    {
                        var dx = x - 0.5 + (sx + 0.5) * step - centreX;
                        var bin = (int)(Math.Sqrt(dx * dx + dy * dy) / BinWidth);
                        if (bin < bins)
                            growth[bin + 1] += share;
                    }
                }
            }
        return FromGrowth(growth, inside);
    }

    /// <summary>
    /// <see cref="Measure"/> about the centre of the plane ((size − 1)/2 on both axes), with the sub-samples' radial bins
    /// computed once per size: the generator measures every galaxy this way, twice.
    /// </summary>
    public static Radii MeasureCentred(ReadOnlySpan<float> light, int size)
    {
        var table = CentredBins.GetOrAdd(size, BuildCentredBins);
        var inside = Inside(size, (size - 1) * 0.5, (size - 1) * 0.5);
        Span<double> growth = stackalloc double[BinsWithin(inside) + 1];
        growth.Clear();
        const double share = 1.0 / (SubSamples * SubSamples);
        var perPixel = SubSamples * SubSamples;
        for (var p = 0; p < size * size; p++)
        {
            var value = light[p] * share;
            foreach (var bin in table.AsSpan(p * perPixel, perPixel))
                growth[bin] += value; // bin 0 collects the sub-samples outside the inscribed circle, never read
        }
        return FromGrowth(growth, inside);
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, ushort[]> CentredBins = new();

    // For each pixel's sub-samples, 1 + its radial bin, or 0 when it falls outside the inscribed circle.
    private static ushort[] BuildCentredBins(int size)
    {
        var centre = (size - 1) * 0.5;
        var bins = BinsWithin(Inside(size, centre, centre));
        var table = new ushort[size * size * SubSamples * SubSamples];
        var step = 1.0 / SubSamples;
        var at = 0;
        for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++)
                for (var sy = 0; sy < SubSamples; sy++)
                {
                    var dy = y - 0.5 + (sy + 0.5) * step - centre;
                    for (var sx = 0; sx < SubSamples; sx++)
                    {
                        var dx = x - 0.5 + (sx + 0.5) * step - centre;
                        var bin = (int)(Math.Sqrt(dx * dx + dy * dy) / BinWidth);
                        table[at++] = (ushort)(bin < bins ? bin + 1 : 0);
                    }
                }
        return table;
    }

    // Largest radius whose whole circle lies inside the plane: beyond it an annulus is only partly covered.
    private static double Inside(int size, double centreX, double centreY) =>
        Math.Min(Math.Min(centreX + 0.5, size - 0.5 - centreX), Math.Min(centreY + 0.5, size - 0.5 - centreY));

    private static int BinsWithin(double inside) => (int)Math.Ceiling(inside / BinWidth) + 1;

    /// <summary>Petrosian radius, R50 and R90 from the light per radial bin (<paramref name="growth"/>[k + 1] = light in bin k; made cumulative here).</summary>
    private static Radii FromGrowth(Span<double> growth, double inside)
    {
        var bins = growth.Length - 1;
        growth[0] = 0;
        for (var k = 1; k <= bins; k++)
            growth[k] += growth[k - 1];
        ReadOnlySpan<double> curve = growth;

        double petrosian = double.NaN;
        var previous = Eta(curve, 1.0);
        for (var r = 1.05; 1.25 * r <= inside; r += 0.05)
        {
            var eta = Eta(curve, r);
            if (eta < PetrosianRatio)
            {
                petrosian = r - 0.05 * (PetrosianRatio - eta) / (previous - eta); // linear between the steps
                break;
            }
            previous = eta;
        }
        if (double.IsNaN(petrosian))
            return new Radii(double.NaN, double.NaN, double.NaN);
        var flux = Within(curve, Math.Min(ApertureInPetrosianRadii * petrosian, inside));
        return new Radii(petrosian, RadiusHolding(curve, 0.5 * flux), RadiusHolding(curve, 0.9 * flux));
    }

    private static double Within(ReadOnlySpan<double> curve, double r)
    {
        var bins = curve.Length - 1;
        var at = r / BinWidth;
        var k = (int)at;
        return k >= bins ? curve[bins] : curve[k] + (at - k) * (curve[k + 1] - curve[k]);
    }

    // Mean surface brightness in the annulus [0.8 r, 1.25 r] over the mean within r.
    private static double Eta(ReadOnlySpan<double> curve, double r) =>
        (Within(curve, 1.25 * r) - Within(curve, 0.8 * r)) / ((1.25 * 1.25 - 0.8 * 0.8) * r * r) / (Within(curve, r) / (r * r));

    private static double RadiusHolding(ReadOnlySpan<double> curve, double target)
    {
        for (var k = 1; k < curve.Length; k++)
            if (curve[k] >= target)
                return (k - 1 + (target - curve[k - 1]) / Math.Max(curve[k] - curve[k - 1], double.Epsilon)) * BinWidth;
        return double.NaN;
    }
}
