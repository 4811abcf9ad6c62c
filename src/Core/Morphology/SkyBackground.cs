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
    /// <param name="prefix">At least 2·(frame.Length + 1) values; overwritten.</param>
    /// <param name="sort">Sorter of at least frame.Length keys.</param>
    /// <remarks>The frame is sorted once; each clip then narrows a window of the sorted values (walking in from its ends), whose
    /// median is its middle and whose mean and spread come from prefix sums — the same kept sets as clipping the values
    /// themselves, without re-reading them.</remarks>
    public static Sky Estimate(ReadOnlySpan<float> plane, ReadOnlySpan<int> frame, Span<float> scratch, Span<double> prefix,
        RadixSort sort)
    {
        var n = frame.Length;
        var values = scratch[..n];
        for (var i = 0; i < n; i++)
            values[i] = plane[frame[i]];
        sort.Sort(values, default);
        var sums = prefix[..(n + 1)];
        var squares = prefix.Slice(n + 1, n + 1);
        sums[0] = squares[0] = 0;
        for (var i = 0; i < n; i++)
        {
            double v = values[i];
            sums[i + 1] = sums[i] + v;
            squares[i + 1] = squares[i] + v * v;
        }
        int lo = 0, hi = n; // kept: values[lo..hi)
        float median = 0, sigma = 0;
        for (var iteration = 0; iteration < MaxIterations && hi > lo; iteration++)
        {
            var count = hi - lo;
            var middle = lo + count / 2;
            median = (count & 1) == 1 ? values[middle] : 0.5f * (values[middle - 1] + values[middle]);
            var mean = (sums[hi] - sums[lo]) / count;
            var variance = Math.Max(0, (squares[hi] - squares[lo]) / count - mean * mean);
            sigma = (float)Math.Sqrt(variance);
            var limit = ClipSigmas * sigma;
            var newLo = lo;
            while (newLo < hi && Math.Abs(values[newLo] - median) > limit)
                newLo++;
            var newHi = hi;
            while (newHi > newLo && Math.Abs(values[newHi - 1] - median) > limit)
                newHi--;
            if (newLo == lo && newHi == hi)
                break;
            lo = newLo;
            hi = newHi;
        }
        return new Sky(median, sigma);
    }
}
