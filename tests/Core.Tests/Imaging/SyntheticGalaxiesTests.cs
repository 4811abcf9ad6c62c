using GalaxyActors.Core.Imaging.Synthetic;

namespace GalaxyActors.Core.Tests.Imaging;

/// <summary>
/// The synthetic sample is checked the way an astronomer would check a real one: by measuring shapes
/// and colours on the rendered pixels with image moments of the background-subtracted light, not by
/// reading back the parameters the renderer drew.
/// </summary>
public class SyntheticGalaxiesTests
{
    private const int Size = SyntheticGalaxies.DefaultSize;

    // One shared sample: 1,000 images, about a hundred per class.
    private static readonly Lazy<SyntheticSample> Sample = new(() => SyntheticGalaxies.Render(1000, seed: 11));

    [Fact]
    public void Same_seed_renders_identical_bytes_and_another_seed_differs()
    {
        var first = SyntheticGalaxies.Render(40, seed: 5);
        var again = SyntheticGalaxies.Render(40, seed: 5);
        var other = SyntheticGalaxies.Render(40, seed: 6);

        Assert.Equal(first.Pixels, again.Pixels);
        Assert.Equal(first.Labels, again.Labels);
        Assert.NotEqual(first.Pixels, other.Pixels);
    }

    [Fact]
    public void Rendering_in_two_slices_matches_rendering_all_at_once()
    {
        var whole = SyntheticGalaxies.Render(100, seed: 3);
        var bytesPerImage = Size * Size * 3;
        var pieces = new byte[100 * bytesPerImage];
        var labels = new byte[100];
        // Second half first, to show the order does not matter either.
        for (var i = 50; i < 100; i++)
            SyntheticGalaxies.RenderOne(3, i, pieces.AsSpan(i * bytesPerImage, bytesPerImage), out labels[i]);
        for (var i = 0; i < 50; i++)
            SyntheticGalaxies.RenderOne(3, i, pieces.AsSpan(i * bytesPerImage, bytesPerImage), out labels[i]);

        Assert.Equal(whole.Pixels, pieces);
        Assert.Equal(whole.Labels, labels);
    }

    [Fact]
    public void All_ten_classes_appear_in_roughly_equal_numbers()
    {
        var counts = new int[10];
        for (var i = 0; i < 2000; i++)
            counts[(int)SyntheticGalaxies.ClassOf(seed: 1, i)]++;
        var sample = SyntheticGalaxies.Render(200, seed: 1);
        for (var i = 0; i < 200; i++)
            Assert.Equal((byte)SyntheticGalaxies.ClassOf(1, i), sample.Labels[i]);

        foreach (var count in counts)
            Assert.InRange(count / 2000.0, 0.07, 0.13);
    }

    [Fact]
    public void Smooth_galaxies_go_from_round_through_in_between_to_cigar()
    {
        var round = MeanAxisRatio(Galaxy10Class.SmoothRound);
        var between = MeanAxisRatio(Galaxy10Class.SmoothInBetween);
        var cigar = MeanAxisRatio(Galaxy10Class.SmoothCigar);

        Assert.True(cigar < between, $"cigar {cigar:F3} should be flatter than in-between {between:F3}");
        Assert.True(between < round, $"in-between {between:F3} should be flatter than round {round:F3}");
        Assert.True(round > 0.8, $"round galaxies measure {round:F3}");
        Assert.True(cigar < 0.55, $"cigars measure {cigar:F3}");
    }

    [Theory]
    [InlineData(Galaxy10Class.EdgeOnRoundedBulge)]
    [InlineData(Galaxy10Class.EdgeOnBoxyBulge)]
    [InlineData(Galaxy10Class.EdgeOnNoBulge)]
    public void Edge_on_disks_are_elongated(Galaxy10Class galaxyClass)
    {
        var ratio = MeanAxisRatio(galaxyClass);
        Assert.True(ratio < 0.5, $"{galaxyClass} measures a mean axis ratio of {ratio:F3}");
    }

    [Theory]
    [InlineData(Galaxy10Class.TightSpiral)]
    [InlineData(Galaxy10Class.MediumSpiral)]
    [InlineData(Galaxy10Class.LooseSpiral)]
    public void Spiral_bulges_are_redder_than_their_outer_disks(Galaxy10Class galaxyClass)
    {
        var sample = Sample.Value;
        int spirals = 0, redderCentre = 0;
        for (var i = 0; i < sample.Count; i++)
        {
            if (sample.Labels[i] != (byte)galaxyClass)
                continue;
            var m = Measure(sample.Image(i));
            spirals++;
            if (m.CentreRedOverBlue > m.OuterRedOverBlue)
                redderCentre++;
        }
        Assert.True(spirals > 50);
        Assert.True(redderCentre >= 0.9 * spirals, $"{redderCentre} of {spirals} {galaxyClass} have a redder centre than outer disk");
    }

    [Fact]
    public void Every_image_has_sky_noise_a_visible_galaxy_and_little_saturation()
    {
        var sample = Sample.Value;
        long saturated = 0;
        for (var i = 0; i < sample.Count; i++)
        {
            var image = sample.Image(i);
            var m = Measure(image);
            Assert.True(m.CornerStd > 0, $"image {i} has noiseless corners");
            Assert.True(m.PeakAboveBackground > 10 * m.BackgroundNoise, $"image {i}: peak {m.PeakAboveBackground:F1} barely above noise {m.BackgroundNoise:F2}");
            foreach (var value in image)
                if (value == 255)
                    saturated++;
        }
        Assert.True(saturated < 0.005 * sample.Pixels.Length, $"{saturated} saturated bytes");
    }

    private static double MeanAxisRatio(Galaxy10Class galaxyClass)
    {
        var sample = Sample.Value;
        double sum = 0;
        var count = 0;
        for (var i = 0; i < sample.Count; i++)
            if (sample.Labels[i] == (byte)galaxyClass)
            {
                sum += Measure(sample.Image(i)).AxisRatio;
                count++;
            }
        Assert.True(count > 50, $"only {count} images of {galaxyClass}");
        return sum / count;
    }

    private sealed record Measurement(double AxisRatio, double CentreRedOverBlue, double OuterRedOverBlue,
        double CornerStd, double BackgroundNoise, double PeakAboveBackground);

    /// <summary>
    /// Background per channel = median of the 4-pixel frame; noise = standard deviation of the summed
    /// channels in the 8×8 corners, and robustly (1.4826 × MAD) over the frame. Light = summed channels minus background, kept where it exceeds
    /// three noise sigmas within 27 px of the frame centre. Axis ratio = √(λmin/λmax) of the
    /// light-weighted second-moment matrix. Colours: R/B of the background-subtracted light in the
    /// 3×3 pixels at the light centroid, and in significant pixels 10–20 px from it.
    /// </summary>
    private static Measurement Measure(ReadOnlySpan<byte> image)
    {
        var background = new double[3];
        var frame = new List<double>[] { new(), new(), new() };
        for (var y = 0; y < Size; y++)
            for (var x = 0; x < Size; x++)
                if (x < 4 || y < 4 || x >= Size - 4 || y >= Size - 4)
                    for (var c = 0; c < 3; c++)
                        frame[c].Add(image[(y * Size + x) * 3 + c]);
        for (var c = 0; c < 3; c++)
        {
            frame[c].Sort();
            background[c] = frame[c][frame[c].Count / 2];
        }
        var backgroundSum = background[0] + background[1] + background[2];

        double cornerSum = 0, cornerSquares = 0;
        var cornerCount = 0;
        foreach (var (x0, y0) in new[] { (0, 0), (Size - 8, 0), (0, Size - 8), (Size - 8, Size - 8) })
            for (var y = y0; y < y0 + 8; y++)
                for (var x = x0; x < x0 + 8; x++)
                {
                    var value = Light(image, x, y, backgroundSum);
                    cornerSum += value;
                    cornerSquares += value * value;
                    cornerCount++;
                }
        var cornerMean = cornerSum / cornerCount;
        var cornerStd = Math.Sqrt(Math.Max(0, cornerSquares / cornerCount - cornerMean * cornerMean));

        // Noise from the median absolute deviation over the frame: a neighbour star in a corner
        // would inflate a plain standard deviation.
        var frameLight = new List<double>();
        for (var y = 0; y < Size; y++)
            for (var x = 0; x < Size; x++)
                if (x < 4 || y < 4 || x >= Size - 4 || y >= Size - 4)
                    frameLight.Add(Light(image, x, y, backgroundSum));
        frameLight.Sort();
        var frameMedian = frameLight[frameLight.Count / 2];
        for (var i = 0; i < frameLight.Count; i++)
            frameLight[i] = Math.Abs(frameLight[i] - frameMedian);
        frameLight.Sort();
        var noise = 1.4826 * frameLight[frameLight.Count / 2];

        double w = 0, wx = 0, wy = 0, peak = 0;
        var centre = (Size - 1) / 2.0;
        var threshold = 3 * Math.Max(noise, 1);
        for (var y = 0; y < Size; y++)
            for (var x = 0; x < Size; x++)
            {
                var light = Light(image, x, y, backgroundSum);
                if ((x - centre) * (x - centre) + (y - centre) * (y - centre) > 27 * 27 || light < threshold)
                    continue;
                peak = Math.Max(peak, light);
                w += light;
                wx += light * x;
                wy += light * y;
            }
        var cx = wx / w;
        var cy = wy / w;
        double sxx = 0, syy = 0, sxy = 0;
        double outerRed = 0, outerBlue = 0;
        for (var y = 0; y < Size; y++)
            for (var x = 0; x < Size; x++)
            {
                var light = Light(image, x, y, backgroundSum);
                if ((x - centre) * (x - centre) + (y - centre) * (y - centre) > 27 * 27 || light < threshold)
                    continue;
                var dx = x - cx;
                var dy = y - cy;
                sxx += light * dx * dx;
                syy += light * dy * dy;
                sxy += light * dx * dy;
                var r2 = dx * dx + dy * dy;
                if (r2 >= 100 && r2 <= 400 && light > 5 * Math.Max(noise, 1))
                {
                    outerRed += image[(y * Size + x) * 3] - background[0];
                    outerBlue += image[(y * Size + x) * 3 + 2] - background[2];
                }
            }
        sxx /= w;
        syy /= w;
        sxy /= w;
        var half = (sxx + syy) / 2;
        var root = Math.Sqrt((sxx - syy) * (sxx - syy) / 4 + sxy * sxy);
        var axisRatio = Math.Sqrt(Math.Max(0, half - root) / (half + root));

        double centreRed = 0, centreBlue = 0;
        var ix = (int)Math.Round(cx);
        var iy = (int)Math.Round(cy);
        for (var y = iy - 1; y <= iy + 1; y++)
            for (var x = ix - 1; x <= ix + 1; x++)
            {
                centreRed += image[(y * Size + x) * 3] - background[0];
                centreBlue += image[(y * Size + x) * 3 + 2] - background[2];
            }

        return new Measurement(axisRatio, centreRed / Math.Max(centreBlue, 1e-9),
            outerBlue > 0 ? outerRed / outerBlue : double.NaN, cornerStd, noise, peak);
    }

    private static double Light(ReadOnlySpan<byte> image, int x, int y, double backgroundSum)
    {
        var at = (y * Size + x) * 3;
        return image[at] + image[at + 1] + image[at + 2] - backgroundSum;
    }
}
