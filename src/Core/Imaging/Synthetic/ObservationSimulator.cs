namespace GalaxyActors.Core.Imaging.Synthetic;

/// <summary>
/// Turns ideal light into what a telescope records and a survey publishes: blur by the atmosphere
/// and optics (a Gaussian PSF, applied separably), sky background with photon and read noise, sky
/// subtraction, and the colour-preserving asinh stretch of SDSS gri composites (Lupton et al. 2004)
/// to 8-bit RGB.
/// </summary>
internal static class ObservationSimulator
{
    /// <summary>Asinh softening, in counts: below it the stretch is linear, so noise stays visible
    /// but quiet; above it logarithmic, so faint outskirts and bright centres both show.</summary>
    private const float Softening = 25f;

    /// <summary>Mean-channel intensity (counts) that maps to full scale.</summary>
    private const float FullScale = 3000f;

    /// <summary>Fraction of full scale added to every pixel, so that the background noise is seen on
    /// both sides of zero instead of half of it clipping to black.</summary>
    private const float Pedestal = 0.03f;

    public static void Blur(Span<float> plane, Span<float> scratch, int size, float sigma)
    {
        var radius = Math.Max(1, (int)MathF.Ceiling(3f * sigma));
        Span<float> kernel = stackalloc float[2 * radius + 1];
        var total = 0f;
        for (var k = -radius; k <= radius; k++)
            total += kernel[k + radius] = MathF.Exp(-0.5f * k * k / (sigma * sigma));
        for (var k = 0; k < kernel.Length; k++)
            kernel[k] /= total;

        // Rows into scratch, then columns back into the plane; light falling off the frame is lost,
        // as it would be from a cutout.
        for (var y = 0; y < size; y++)
        {
            var row = plane.Slice(y * size, size);
            var output = scratch.Slice(y * size, size);
            for (var x = 0; x < size; x++)
            {
                var low = Math.Max(-radius, -x);
                var high = Math.Min(radius, size - 1 - x);
                var sum = 0f;
                for (var k = low; k <= high; k++)
                    sum += kernel[k + radius] * row[x + k];
                output[x] = sum;
            }
        }
        plane.Slice(0, size * size).Clear();
        for (var y = 0; y < size; y++)
        {
            var low = Math.Max(-radius, -y);
            var high = Math.Min(radius, size - 1 - y);
            var output = plane.Slice(y * size, size);
            for (var k = low; k <= high; k++)
            {
                var weight = kernel[k + radius];
                var source = scratch.Slice((y + k) * size, size);
                for (var x = 0; x < size; x++)
                    output[x] += weight * source[x];
            }
        }
    }

    /// <summary>
    /// Adds sky, draws photon noise (Gaussian with the Poisson variance, signal+sky over gain — the
    /// counts here are in the hundreds, where the approximation is good) and read noise, subtracts
    /// the sky level again as the survey pipeline does, then stretches and quantises into HWC bytes.
    /// </summary>
    public static void ExposeAndStretch(in GalaxyModel m, ref SplitMix64 rng, int size,
        ReadOnlySpan<float> red, ReadOnlySpan<float> green, ReadOnlySpan<float> blue, Span<byte> destination)
    {
        var asinhFull = MathF.Asinh(FullScale / Softening);
        var slopeAtZero = 1f / (Softening * asinhFull);
        var inverseGain = 1f / m.Gain;
        for (var i = 0; i < size * size; i++)
        {
            var r = Expose(red[i], in m, inverseGain, ref rng);
            var g = Expose(green[i], in m, inverseGain, ref rng);
            var b = Expose(blue[i], in m, inverseGain, ref rng);

            // One stretch factor from the mean intensity for all three channels keeps the colour
            // (the ratios R:G:B) of every pixel, which a per-channel stretch would wash out.
            var intensity = (r + g + b) * (1f / 3f);
            var factor = intensity > 1e-3f ? MathF.Asinh(intensity / Softening) / (asinhFull * intensity) : slopeAtZero;
            r *= factor;
            g *= factor;
            b *= factor;
            // Bright pixels are scaled down as a whole, not clipped per channel, for the same reason.
            var peak = MathF.Max(r, MathF.Max(g, b));
            if (peak > 1f)
            {
                r /= peak;
                g /= peak;
                b /= peak;
            }
            destination[3 * i] = Quantise(r);
            destination[3 * i + 1] = Quantise(g);
            destination[3 * i + 2] = Quantise(b);
        }
    }

    /// <summary>Photon and read noise are independent Gaussians, so one draw with the summed
    /// variance is the same distribution at half the cost.</summary>
    private static float Expose(float signal, in GalaxyModel m, float inverseGain, ref SplitMix64 rng)
    {
        var variance = (signal + m.Sky) * inverseGain + m.ReadNoise * m.ReadNoise;
        return signal + MathF.Sqrt(variance) * rng.NextGaussian();
    }

    private static byte Quantise(float value)
    {
        var scaled = (Pedestal + (1f - Pedestal) * value) * 255f + 0.5f;
        return (byte)Math.Clamp((int)scaled, 0, 255);
    }
}
