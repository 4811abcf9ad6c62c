namespace GalaxyActors.Core.Morphology;

/// <summary>
/// −2.5 log₁₀(F_blue / F_red) over the segment, F the sky-subtracted sum of channel 2 (blue) and channel 0 (red).
/// Each channel's sky is its mean over the border-frame pixels kept by the luminance's sigma clip (the same pixels the
/// luminance sky came from). NaN for fewer than 3 channels or when either sum is ≤ 0.
/// </summary>
internal static class ColourIndex
{
    public static double Measure(ReadOnlySpan<float> image, int channels, ReadOnlySpan<float> luminance,
        ReadOnlySpan<int> frame, ReadOnlySpan<int> segment, float sigma)
    {
        if (channels < 3)
            return double.NaN;
        var limit = SkyBackground.ClipSigmas * sigma; // luminance is sky-subtracted: the clip range is ±3σ about 0
        double skyRed = 0, skyBlue = 0;
        var kept = 0;
        foreach (var p in frame)
        {
            if (Math.Abs(luminance[p]) > limit)
                continue;
            skyRed += image[p * channels];
            skyBlue += image[p * channels + 2];
            kept++;
        }
        if (kept > 0)
        {
            skyRed /= kept;
            skyBlue /= kept;
        }
        double red = 0, blue = 0;
        foreach (var p in segment)
        {
            red += image[p * channels];
            blue += image[p * channels + 2];
        }
        red -= skyRed * segment.Length;
        blue -= skyBlue * segment.Length;
        return red > 0 && blue > 0 ? -2.5 * Math.Log10(blue / red) : double.NaN;
    }
}
