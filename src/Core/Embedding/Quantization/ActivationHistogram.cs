namespace GalaxyActors.Core.Embedding.Quantization;

/// <summary>
/// Counts of one tensor's values over fixed equal-width bins spanning its observed [min, max] (found in a first
/// calibration pass), so percentiles of hundreds of millions of values take a few KB. The percentile bound is
/// the outer edge of the bin it falls in: resolution (max − min)/bins, far finer than the (max − min)/255 step
/// of the uint8 grid it feeds.
/// </summary>
internal sealed class ActivationHistogram
{
    private readonly long[] _counts;
    private readonly double _min, _max, _binsPerUnit;
    private long _total;

    public ActivationHistogram(double min, double max, int bins)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 2);
        _counts = new long[bins];
        _min = min;
        _max = max;
        _binsPerUnit = max > min ? bins / (max - min) : 0;
    }

    public void Add(ReadOnlySpan<float> values)
    {
        var counts = _counts;
        var last = counts.Length - 1;
        double min = _min, perUnit = _binsPerUnit;
        foreach (var v in values)
        {
            var bin = (int)((v - min) * perUnit);
            counts[bin < 0 ? 0 : bin > last ? last : bin]++;
        }
        _total += values.Length;
    }

    /// <summary>
    /// The range holding the central <paramref name="percentile"/> % of values: each tail beyond it holds at most
    /// (100 − percentile) % of them. 100 gives the plain min/max.
    /// </summary>
    public ActivationRange CentralRange(double percentile)
    {
        if (_total == 0 || _binsPerUnit == 0 || percentile >= 100)
            return new ActivationRange(_min, _max);
        var tail = (long)Math.Floor(_total * (100 - percentile) / 100);
        var width = 1 / _binsPerUnit;
        int low = 0, high = _counts.Length - 1;
        for (long below = 0; low < high && below + _counts[low] <= tail; low++)
            below += _counts[low];
        for (long above = 0; high > low && above + _counts[high] <= tail; high--)
            above += _counts[high];
        return new ActivationRange(_min + low * width, Math.Min(_max, _min + (high + 1) * width));
    }
}
