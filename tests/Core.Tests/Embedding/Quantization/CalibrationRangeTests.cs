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
