using GalaxyActors.Core.Imaging.Synthetic;
using GalaxyActors.Core.Morphology;
using static GalaxyActors.Core.Tests.Morphology.ProfileRenderer;

namespace GalaxyActors.Core.Tests.Morphology;

/// <summary>The meter against analytic answers on rendered profiles (noise-free unless said).</summary>
public class MorphologyMeterTests
{
    private static readonly int C = MorphologyQuantities.Concentration.Index;
    private static readonly int A = MorphologyQuantities.Asymmetry.Index;
    private static readonly int G = MorphologyQuantities.Gini.Index;
    private static readonly int M20 = MorphologyQuantities.M20.Index;
    private static readonly int Ratio = MorphologyQuantities.AxisRatio.Index;
    private static readonly int Angle = MorphologyQuantities.PositionAngle.Index;
    private static readonly int R50 = MorphologyQuantities.HalfLightRadius.Index;
    private static readonly int Colour = MorphologyQuantities.Colour.Index;

    /// <summary>Exponential disk (n = 1), r_e = 15 px, truncated at 6 r_e (≥ 99.99 % of the light, C unchanged from
    /// the total-light 2.80 = 5 log₁₀(2.994/0.824) h; the often-quoted 2.7 is for Petrosian apertures).</summary>
    [Fact]
    public void Exponential_disk_has_the_analytic_concentration()
    {
        const int size = 201;
        var row = Measure(Render(size, Sersic(1, 15), truncation: 90), size, 1);
        Assert.InRange(row[C], 2.80 - 0.1, 2.80 + 0.1);
        Assert.InRange(row[C], 2.7 - 0.2, 2.7 + 0.2);
    }

    /// <summary>de Vaucouleurs (n = 4), r_e = 15 px, truncated at 8 r_e, about where SDSS truncates its deV model: the
    /// truncated profile's analytic C is 4.98 (r₂₀ = 0.262, r₈₀ = 2.590 r_e, from a numerical integral of the
    /// truncated profile). The untruncated 5.2 needs ≈ 20 r_e (a 600 px image), beyond the frame of any cutout.</summary>
    [Fact]
    public void De_Vaucouleurs_profile_has_the_analytic_concentration()
    {
        const int size = 261;
        var row = Measure(Render(size, Sersic(4, 15), truncation: 120), size, 1);
        Assert.InRange(row[C], 4.98 - 0.25, 4.98 + 0.25);
    }

    /// <summary>An exponential disk of scale length h = 10 px holds half its light within 1.678 h.</summary>
    [Fact]
    public void Half_light_radius_of_an_exponential_disk_is_1_678_scale_lengths()
    {
        const int size = 201;
        const double h = 10;
        var row = Measure(Render(size, r => 100 * Math.Exp(-r / h), truncation: 90), size, 1);
        Assert.InRange(row[R50], 1.678 * h - 0.15, 1.678 * h + 0.15);
    }

    [Theory]
    [InlineData(0.4, 30.0)]
    [InlineData(0.4, 120.0)]
    [InlineData(0.7, 75.0)]
    public void Axis_ratio_and_angle_of_an_elliptical_gaussian_are_the_set_ones(double axisRatio, double angle)
    {
        const int size = 201;
        var row = Measure(Render(size, Gaussian(12), axisRatio, angle), size, 1);
        Assert.InRange(row[Ratio], axisRatio - 0.02, axisRatio + 0.02);
        Assert.InRange(row[Angle], angle - 1, angle + 1);
    }

    [Fact]
    public void Axis_ratio_of_an_elliptical_exponential_is_the_set_one()
    {
        const int size = 201;
        var row = Measure(Render(size, r => 100 * Math.Exp(-r / 8), 0.4, 45, truncation: 90), size, 1);
        Assert.InRange(row[Ratio], 0.38, 0.42);
        Assert.InRange(row[Angle], 44, 46);
    }

    /// <summary>Two overlapping Gaussians placed point-symmetrically about the centre, plus noise that is itself
    /// point-symmetric (pixel p and its 180° image share a draw), on odd and even sizes (integer and half-integer
    /// centres): A = 0, background term included.</summary>
    [Theory]
    [InlineData(69)]
    [InlineData(70)]
    public void Asymmetry_of_a_point_symmetric_image_is_zero(int size)
    {
        var left = Render(size, Gaussian(5, 120), centreX: (size - 1) * 0.5 - 5, centreY: (size - 1) * 0.5 - 2);
        var right = Render(size, Gaussian(5, 120), centreX: (size - 1) * 0.5 + 5, centreY: (size - 1) * 0.5 + 2);
        var random = new Random(7);
        var plane = new float[size * size];
        var last = size * size - 1;
        for (var p = 0; p <= last / 2; p++)
        {
            var noise = (float)(10 + 3 * (random.NextDouble() - 0.5));
            plane[p] = left[p] + right[p] + noise;
            plane[last - p] = left[last - p] + right[last - p] + noise;
        }
        // left and right are each other's rotations only up to float rounding: symmetrise exactly.
        for (var p = 0; p <= last / 2; p++)
            plane[last - p] = plane[p] = Math.Max(plane[p], plane[last - p]);
        var row = Measure(Channels(plane, 1.2f, 1f, 0.8f), size, 3);
        Assert.InRange(row[A], -1e-6, 1e-6);
        Assert.True(float.IsFinite(row[C]));
    }

    [Fact]
    public void Asymmetry_of_a_lopsided_image_is_positive()
    {
        const int size = 69;
        var core = Render(size, Gaussian(5, 120));
        var clump = Render(size, Gaussian(2, 80), centreX: 40, centreY: 34);
        var plane = core.Zip(clump, (a, b) => a + b).ToArray();
        var row = Measure(plane, size, 1);
        Assert.True(row[A] > 0.1, $"A = {row[A]}");
    }

    [Fact]
    public void Gini_of_a_uniform_galaxy_is_zero()
    {
        const int size = 69;
        var plane = new float[size * size];
        for (var y = 24; y < 45; y++)
            for (var x = 24; x < 45; x++)
                plane[y * size + x] = 100;
        var row = Measure(plane, size, 1);
        Assert.InRange(row[G], -1e-6, 1e-6);
        Assert.InRange(row[Ratio], 1 - 1e-6, 1 + 1e-6);
    }

    [Fact]
    public void Gini_is_zero_for_equal_fluxes_and_one_for_all_light_in_one_pixel()
    {
        var uniform = Enumerable.Repeat(42f, 69 * 69).ToArray();
        Assert.InRange(GiniM20.Gini(uniform), -1e-9, 1e-9);
        var single = new float[201 * 201];
        single[^1] = 255; // sorted ascending: the bright one last
        Assert.True(GiniM20.Gini(single) > 0.99);
    }

    [Fact]
    public void Gini_takes_absolute_values_of_negative_fluxes()
    {
        // |X| = 1, 2, 3, 4 in order: G = (−3·1 − 1·2 + 1·3 + 3·4) / (10 · 3) = 1/3.
        Assert.Equal(1.0 / 3, GiniM20.Gini([-3f, -2f, 1f, 4f]), 12);
    }

    [Fact]
    public void M20_is_the_brightest_fifth_of_the_light_over_the_total_second_moment()
    {
        // Fluxes 1,1,1,1,6 (total 10); the brightest pixel alone holds 60 % ≥ 20 %: M20 = log10(6·1 / (4·4 + 6·1)).
        float[] fluxes = [1, 1, 1, 1, 6];
        float[] r2 = [4, 4, 4, 4, 1];
        Assert.Equal(Math.Log10(6.0 / 22), GiniM20.M20(fluxes, r2), 6);
    }

    /// <summary>Both profiles cut at 2 r_e (about the Petrosian radius, where Lotz et al. 2004 cut their segments):
    /// Gini depends on how far into the faint wings the segment reaches, so the comparison needs the same cut.</summary>
    [Fact]
    public void Concentrated_light_has_higher_gini_and_lower_m20_than_a_disk()
    {
        const int size = 101;
        var disk = Measure(Render(size, Sersic(1, 15), truncation: 30), size, 1);
        var bulge = Measure(Render(size, Sersic(4, 15), truncation: 30), size, 1);
        Assert.True(bulge[G] > disk[G], $"G {bulge[G]} vs {disk[G]}");
        Assert.True(bulge[M20] < disk[M20], $"M20 {bulge[M20]} vs {disk[M20]}");
    }

    [Fact]
    public void Red_galaxy_is_redder_than_a_blue_one_and_one_channel_has_no_colour()
    {
        const int size = 69;
        var plane = Render(size, Sersic(1, 8), truncation: 30);
        var red = Measure(Channels(plane, 1.5f, 1f, 0.5f), size, 3);
        var blue = Measure(Channels(plane, 0.5f, 1f, 1.5f), size, 3);
        Assert.True(red[Colour] > blue[Colour]);
        Assert.Equal(-2.5 * Math.Log10(0.5 / 1.5), red[Colour], 3);
        var grey = Measure(plane, size, 1);
        Assert.True(float.IsNaN(grey[Colour]));
        Assert.True(float.IsFinite(grey[C]));
    }

    [Theory]
    [InlineData(0f, 3)]
    [InlineData(37f, 3)]
    [InlineData(0f, 1)]
    public void Blank_image_measures_nothing(float level, int channels)
    {
        const int size = 69;
        var image = Enumerable.Repeat(level, size * size * channels).ToArray();
        var row = Measure(image, size, channels);
        Assert.All(row, v => Assert.True(float.IsNaN(v)));
    }

    [Fact]
    public void Batch_rows_are_the_single_image_rows_and_repeat_exactly()
    {
        var batch = SyntheticGalaxies.Render(30, seed: 3).ToImageBatch();
        var meter = new MorphologyMeter(batch.Height, batch.Width, batch.Channels);
        var columns = MorphologyQuantities.Count;
        var rows = new float[batch.Count * columns];
        meter.Measure(batch, rows);
        var again = new float[rows.Length];
        new MorphologyMeter(batch.Height, batch.Width, batch.Channels).Measure(batch, again);
        Assert.Equal(rows, again);
        var row = new float[columns];
        for (var i = 0; i < batch.Count; i++)
        {
            meter.Measure(batch.Image(i), row);
            Assert.Equal(rows.AsSpan(i * columns, columns).ToArray(), row);
        }
    }

    [Fact]
    public void Synthetic_galaxies_are_measured_within_the_quantities_ranges()
    {
        var batch = SyntheticGalaxies.Render(200, seed: 11).ToImageBatch();
        var columns = MorphologyQuantities.Count;
        var rows = new float[batch.Count * columns];
        new MorphologyMeter(batch.Height, batch.Width, batch.Channels).Measure(batch, rows);
        var measured = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            var row = rows.AsSpan(i * columns, columns);
            if (float.IsNaN(row[Ratio]))
                continue;
            measured++;
            Assert.InRange(row[Ratio], 0f, 1f);
            Assert.InRange(row[Angle], 0f, 180f);
            Assert.InRange(row[G], 0f, 1f);
            Assert.InRange(row[C], 1f, 7f);
            Assert.InRange(row[M20], -4f, 0f);
            Assert.InRange(row[A], -0.5f, 2f);
            Assert.InRange(row[R50], 0.5f, 40f);
        }
        Assert.True(measured >= 190, $"{measured} of 200 measured");
    }

    [Fact]
    public void Wrong_sizes_are_refused()
    {
        var meter = new MorphologyMeter(69, 69, 3);
        Assert.Throws<ArgumentException>(() => meter.Measure(new float[69 * 69], new float[MorphologyQuantities.Count]));
        Assert.Throws<ArgumentException>(() => meter.Measure(new float[69 * 69 * 3], new float[3]));
    }
}
