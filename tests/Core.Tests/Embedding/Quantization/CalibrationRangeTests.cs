using GalaxyActors.Core.Embedding.Quantization;

namespace GalaxyActors.Core.Tests.Embedding.Quantization;

public class CalibrationRangeTests
{
    private static ActivationHistogram HistogramOfZeroTo9999()
    {
        // Values 0, 1, …, 9999 over 10000 bins of width 0.9999: one value per bin.
        var values = Enumerable.Range(0, 10000).Select(v => (float)v).ToArray();
        var histogram = new ActivationHistogram(0, 9999, 10000);
        histogram.Add(values.AsSpan(0, 5000));
        histogram.Add(values.AsSpan(5000));
        return histogram;
    }

    [Fact]
    public void Central_99_percent_of_0_to_9999_clips_100_values_at_each_end()
    {
        // 100 values (0..99) lie below 100 and 100 (9900..9999) above 9899: the central 99 % is [100, 9899],
        // each bound found to within one bin.
        var range = HistogramOfZeroTo9999().CentralRange(99);
        Assert.InRange(range.Min, 99.0, 100.0);
        Assert.InRange(range.Max, 9899.0, 9900.0);
    }

    [Fact]
    public void Percentile_100_is_min_max()
    {
        Assert.Equal(new ActivationRange(0, 9999), HistogramOfZeroTo9999().CentralRange(100));
    }

    [Fact]
    public void A_single_outlier_beyond_the_percentile_does_not_set_the_range()
    {
        // 1,000,000 values in [0, 1) and one at 1000: min/max would make the uint8 step 1000/255 ≈ 3.9, wider than all the data.
        var histogram = new ActivationHistogram(0, 1000, 100_000);
        var values = new float[1_000_001];
        for (var i = 0; i < 1_000_000; i++)
            values[i] = i / 1_000_000f;
        values[^1] = 1000;
        histogram.Add(values);
        var range = histogram.CentralRange(99.99);
        Assert.InRange(range.Max, 0.99, 1.01);
    }

    [Fact]
    public void Least_squared_error_keeps_the_full_range_of_uniform_values()
    {
        // Uniform on [0, 1]: shrinking the top by the search's first step (0.5 %) clips values at a cost (0.005³/3 per
        // value) above the rounding error it saves, so min/max is optimal.
        var histogram = new ActivationHistogram(0, 1, 8192);
        histogram.Add(Enumerable.Range(0, 100_001).Select(i => i / 100_000f).ToArray());
        var range = histogram.LeastSquaredErrorRange();
        Assert.Equal(0, range.Min);
        Assert.Equal(1, range.Max, 1e-9);
    }

    [Fact]
    public void Least_squared_error_ignores_exact_zeros_which_quantize_exactly()
    {
        // 90 % exact zeros (a ReLU output) and 10 % uniform on (0, 1]: zeros cost nothing at any range, so the answer is
        // that of the uniform part alone, the full range. Counted as rounding error they would tip it to clipping.
        var values = new float[1_000_000];
        for (var i = 0; i < 100_000; i++)
            values[900_000 + i] = (i + 1) / 100_000f;
        var histogram = new ActivationHistogram(0, 1, 8192);
        histogram.Add(values);
        Assert.Equal(1, histogram.LeastSquaredErrorRange().Max, 1e-9);
    }

    [Fact]
    public void Least_squared_error_balances_one_far_outlier_against_the_rounding_of_all_values()
    {
        // 10⁶ values uniform in [0, 1) and one at 1000. Range [0, h] costs (1000 − h)² for the outlier plus
        // 10⁶·(h/255)²/12 = 1.2815·h² of rounding: least at h = 1000/2.2815 = 438; on the search grid (h = 5k) 440.
        var values = new float[1_000_001];
        for (var i = 0; i < 1_000_000; i++)
            values[i] = i / 1_000_000f;
        values[^1] = 1000;
        var histogram = new ActivationHistogram(0, 1000, 100_000);
        histogram.Add(values);
        Assert.InRange(histogram.LeastSquaredErrorRange().Max, 435.0, 445.0);
    }

    [Theory]
    [InlineData(0.0, 2.55, 0.01, 0)]     // ReLU output: zero point 0
    [InlineData(-1.0, 1.55, 0.01, 100)]  // 0 maps to 100 exactly
    [InlineData(0.5, 2.55, 0.01, 0)]     // widened to include 0
    [InlineData(-2.55, -0.5, 0.01, 255)] // all negative: 0 is the top of the grid
    public void Uint8_parameters_cover_the_range_and_0(double min, double max, double scale, int zeroPoint)
    {
        var (s, z) = new ActivationRange(min, max).UInt8Parameters();
        Assert.Equal(scale, s, 1e-6);
        Assert.Equal(zeroPoint, z);
    }
}
