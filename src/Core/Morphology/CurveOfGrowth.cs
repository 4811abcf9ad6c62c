namespace GalaxyActors.Core.Morphology;

/// <summary>
/// Radii enclosing fractions of the segment's flux, in circles about the flux centroid. The total is the segment's
/// sky-subtracted flux (no Petrosian aperture: the segment already ends where the galaxy meets the noise).
/// <para>Sub-pixel accuracy: a pixel at distance d from the centre counts as inside a circle of radius r by the fraction
/// clamp(r − d + ½, 0, 1) (the pixel's light spread over a unit-wide ring). Fluxes are histogrammed by distance in
/// <see cref="BinWidth"/> bins, so the enclosed flux F(r) = ∫_{r−½}^{r+½} G(s) ds, G the cumulative flux within s, is
/// read off a grid of r in O(pixels + bins); radii come from linear interpolation on that grid.</para>
/// </summary>
internal sealed class CurveOfGrowth
{
    public const double BinWidth = 0.125;
    private const int BinsPerPixel = 8; // 1 / BinWidth
    private const int HalfWindow = BinsPerPixel / 2;

    private readonly double[] _bins;
    private readonly double[] _integral;

    public CurveOfGrowth(int height, int width)
    {
        var maxDistance = Math.Sqrt((double)height * height + (double)width * width);
        var length = (int)Math.Ceiling(maxDistance * BinsPerPixel) + 4 * BinsPerPixel;
        _bins = new double[length];
        _integral = new double[length + 1];
    }

    /// <summary>Radii (pixels) holding 20 %, 50 % and 80 % of the flux; NaN when the flux is ≤ 0.</summary>
    public (double R20, double R50, double R80) Measure(ReadOnlySpan<float> image, ReadOnlySpan<int> segment,
        ReadOnlySpan<int> xs, ReadOnlySpan<int> ys, double centreX, double centreY)
    {
        var bins = _bins.AsSpan();
        bins.Clear();
        double total = 0;
        var maxBin = 0;
        for (var i = 0; i < segment.Length; i++)
        {
            var dx = xs[i] - centreX;
            var dy = ys[i] - centreY;
            var bin = (int)(Math.Sqrt(dx * dx + dy * dy) * BinsPerPixel);
            maxBin = Math.Max(maxBin, bin);
            double f = image[segment[i]];
            bins[bin] += f;
            total += f;
        }
        if (!(total > 0))
            return (double.NaN, double.NaN, double.NaN);
        // Grid points j·BinWidth up to the last pixel's distance + ½ (where F = total), plus the half window above them.
        var used = Math.Min(maxBin + 2 * BinsPerPixel + 2, bins.Length);

        // G at grid point j is the flux in bins below j; each bin's flux spread evenly over it makes G piecewise linear,
        // and integral[j] = ∫_0^{j·BinWidth} G(s) ds by the trapezoid rule, exact for piecewise-linear G.
        var integral = _integral.AsSpan();
        integral[0] = 0;
        double cumulative = 0;
        for (var j = 0; j < used; j++)
        {
            var next = cumulative + bins[j];
            integral[j + 1] = integral[j] + 0.5 * (cumulative + next) * BinWidth;
            cumulative = next;
        }
        return (Radius(integral, used, 0.2 * total), Radius(integral, used, 0.5 * total), Radius(integral, used, 0.8 * total));
    }

    /// <summary>First radius where F(r) = ∫_{r−½}^{r+½} G reaches <paramref name="target"/>, interpolated linearly.</summary>
    private static double Radius(ReadOnlySpan<double> integral, int used, double target)
    {
        var previous = Enclosed(integral, used, 0);
        if (previous >= target)
            return 0;
        for (var j = 1; j + HalfWindow <= used; j++)
        {
            var current = Enclosed(integral, used, j);
            if (current >= target)
            {
                var t = (target - previous) / (current - previous);
                return (j - 1 + t) * BinWidth;
            }
            previous = current;
        }
        return double.NaN;
    }

    private static double Enclosed(ReadOnlySpan<double> integral, int used, int j)
    {
        var upper = integral[Math.Min(j + HalfWindow, used)];
        var lower = j - HalfWindow > 0 ? integral[j - HalfWindow] : 0;
        return upper - lower;
    }
}
