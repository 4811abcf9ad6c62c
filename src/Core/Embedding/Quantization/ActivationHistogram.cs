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
    private long _total, _zeros;

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
        long zeros = 0;
        foreach (var v in values)
        {
            var bin = (int)((v - min) * perUnit);
            counts[bin < 0 ? 0 : bin > last ? last : bin]++;
            if (v == 0)
                zeros++;
        }
        _total += values.Length;
        _zeros += zeros;
    }

    /// <summary>
    /// The range [α·min, α·max] (min and max widened to contain 0) whose uint8 quantization has the least expected
    /// squared error over the histogram, α searched over <paramref name="steps"/> values from 1 down to 1/steps: values
    /// outside cost their clipping distance squared, values inside the rounding noise step²/12, exact zeros nothing
    /// (0 is on the grid; ReLU outputs are mostly zeros, which would otherwise count as rounding error and push the
    /// search to clip). α = 1 is the min/max range, so the result is never worse than min/max by this measure;
    /// ties keep the wider range.
    /// </summary>
    public ActivationRange LeastSquaredErrorRange(int steps = 200)
    {
        var low = Math.Min(0.0, _min);
        var high = Math.Max(0.0, _max);
        if (_total == 0 || _binsPerUnit == 0 || high - low <= 0)
            return new ActivationRange(_min, _max);
        var width = 1 / _binsPerUnit;
        var zeroBin = Math.Clamp((int)((0 - _min) * _binsPerUnit), 0, _counts.Length - 1);
        var zerosCounted = _min <= 0 && _max >= 0;
        double bestError = double.PositiveInfinity, bestAlpha = 1;
        for (var k = steps; k >= 1; k--)
        {
            var alpha = (double)k / steps;
            double lo = alpha * low, hi = alpha * high;
            var step = (hi - lo) / 255;
            var rounding = step * step / 12;
            double error = 0;
            for (var b = 0; b < _counts.Length; b++)
            {
                double count = _counts[b];
                if (zerosCounted && b == zeroBin)
                    count -= _zeros;
                if (count <= 0)
                    continue;
                var centre = _min + (b + 0.5) * width;
                error += centre < lo ? count * (lo - centre) * (lo - centre)
                    : centre > hi ? count * (centre - hi) * (centre - hi)
                    : count * rounding;
            }
            if (error < bestError)
            {
                bestError = error;
                bestAlpha = alpha;
            }
        }
        return new ActivationRange(bestAlpha * low, bestAlpha * high);
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
