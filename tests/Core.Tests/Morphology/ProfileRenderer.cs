namespace GalaxyActors.Core.Tests.Morphology;

/// <summary>Analytic galaxy images for the morphology tests: elliptical profiles integrated over each pixel by
/// supersampling, truncated at an elliptical radius.</summary>
internal static class ProfileRenderer
{
    /// <summary>b_n of the Sérsic profile (Ciotti &amp; Bertin 1999 expansion), so r_e holds half the light.</summary>
    public static double SersicB(double n) => 2 * n - 1.0 / 3 + 4 / (405 * n) + 46 / (25515 * n * n);

    /// <summary>I(r) = exp(−b_n((r/r_e)^{1/n} − 1)): 1 at r_e.</summary>
    public static Func<double, double> Sersic(double n, double effectiveRadius)
    {
        var b = SersicB(n);
        return r => Math.Exp(-b * (Math.Pow(r / effectiveRadius, 1 / n) - 1));
    }

    public static Func<double, double> Gaussian(double sigma, double amplitude = 100) =>
        r => amplitude * Math.Exp(-0.5 * r * r / (sigma * sigma));

    /// <summary>A size×size plane; r is the elliptical radius √(u² + (v/q)²), u along the major axis at
    /// <paramref name="angleDegrees"/> from +x towards +y, about (centreX, centreY) (default the image centre).</summary>
    public static float[] Render(int size, Func<double, double> profile, double axisRatio = 1, double angleDegrees = 0,
        double truncation = double.PositiveInfinity, int subSamples = 7, double? centreX = null, double? centreY = null)
    {
        var cx = centreX ?? (size - 1) * 0.5;
        var cy = centreY ?? (size - 1) * 0.5;
        var cos = Math.Cos(angleDegrees * Math.PI / 180);
        var sin = Math.Sin(angleDegrees * Math.PI / 180);
        var plane = new float[size * size];
        Parallel.For(0, size, y =>
        {
            for (var x = 0; x < size; x++)
            {
                double sum = 0;
                for (var sy = 0; sy < subSamples; sy++)
                    for (var sx = 0; sx < subSamples; sx++)
                    {
                        var dx = x - 0.5 + (sx + 0.5) / subSamples - cx;
                        var dy = y - 0.5 + (sy + 0.5) / subSamples - cy;
                        var u = dx * cos + dy * sin;
                        var v = (-dx * sin + dy * cos) / axisRatio;
                        var r = Math.Sqrt(u * u + v * v);
                        if (r <= truncation)
                            sum += profile(r);
                    }
                plane[y * size + x] = (float)(sum / (subSamples * subSamples));
            }
        });
        return plane;
    }

    /// <summary>HWC image with channel c = weights[c] × plane.</summary>
    public static float[] Channels(float[] plane, params float[] weights)
    {
        var image = new float[plane.Length * weights.Length];
        for (var p = 0; p < plane.Length; p++)
            for (var c = 0; c < weights.Length; c++)
                image[p * weights.Length + c] = plane[p] * weights[c];
        return image;
    }

    public static float[] Measure(float[] image, int size, int channels)
    {
        var row = new float[GalaxyActors.Core.Morphology.MorphologyQuantities.Count];
        new GalaxyActors.Core.Morphology.MorphologyMeter(size, size, channels).Measure(image, row);
        return row;
    }
}
