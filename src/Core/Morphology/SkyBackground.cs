namespace GalaxyActors.Core.Morphology;

/// <summary>
/// The sky of a cutout from its border frame (the outer <see cref="FrameWidth"/> pixels, fewer for small images):
/// median and standard deviation after iterated 3σ clipping about the median (astropy's sigma_clipped_stats, as
/// statmorph uses for its sky box). The frame of a centred cutout is mostly sky; clipping drops neighbours and the
/// galaxy's wings.
/// </summary>
internal static class SkyBackground
{
    public const int FrameWidth = 5;
    public const double ClipSigmas = 3.0;
    public const int MaxIterations = 5; // astropy's default maxiters

    /// <summary>Sky level and noise of one plane, with the clip range [Median − 3σ, Median + 3σ] the kept pixels lie in.</summary>
    public readonly record struct Sky(float Median, float Sigma)
    {
        public bool Keeps(float value) => Math.Abs(value - Median) <= ClipSigmas * Sigma;
    }

    /// <summary>Width of the frame used for an image of this size.</summary>
    public static int FrameFor(int height, int width) => Math.Max(1, Math.Min(FrameWidth, Math.Min(height, width) / 4));

    /// <summary>Row-major indices of the border frame's pixels.</summary>
    public static int[] FrameIndices(int height, int width)
    {
        var frame = FrameFor(height, width);
        var list = new List<int>();
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
                if (y < frame || y >= height - frame || x < frame || x >= width - frame)
                    list.Add(y * width + x);
        return [.. list];
    }

    /// <param name="plane">Row-major plane.</param>
    /// <param name="frame">From <see cref="FrameIndices"/>.</param>
    /// <param name="scratch">At least frame.Length values; overwritten.</param>
    public static Sky Estimate(ReadOnlySpan<float> plane, ReadOnlySpan<int> frame, Span<float> scratch)
    {
        var n = frame.Length;
        var values = scratch[..n];
        for (var i = 0; i < n; i++)
            values[i] = plane[frame[i]];
        float median = 0, sigma = 0;
        for (var iteration = 0; iteration < MaxIterations && n > 0; iteration++)
        {
            var kept = values[..n];
            median = Selection.Median(kept);
            double sum = 0;
            foreach (var v in kept)
                sum += v;
            var mean = sum / n;
            double squares = 0;
            foreach (var v in kept)
                squares += (v - mean) * (v - mean);
            sigma = (float)Math.Sqrt(squares / n);
            var limit = ClipSigmas * sigma;
            var m = 0;
            for (var i = 0; i < n; i++)
                if (Math.Abs(kept[i] - median) <= limit)
                    values[m++] = kept[i];
            if (m == n)
                break;
            n = m;
        }
        return new Sky(median, sigma);
    }
}
