using GalaxyActors.Core.Embedding;
using GalaxyActors.Core.Hdf5;
using GalaxyActors.Core.Imaging;
using GalaxyActors.Core.Tests.Hdf5;
using PureHDF;

namespace GalaxyActors.Core.Tests.Imaging;

/// <summary>
/// The centre crop before the resize: its window convention (torchvision's CenterCrop), its validation, a case worked
/// by hand, and the crop + bilinear resize of real fixture images against NumPy's answer
/// (scripts/reference/center_crop_resize.py, written from the formulas, not from our code).
/// </summary>
public class CenterCropTests
{
    private const string ReferenceFile = "tests/Core.Tests/TestData/Reference/center-crop-resize.h5";

    [Theory]
    [InlineData(69, 69, 0.68, 11, 11, 47, 47)] // 46.92 → 47; (69 − 47)/2 = 11: exactly centred
    [InlineData(69, 69, 0.5, 18, 18, 34, 34)]  // 34.5 → 34 (half to even); 17.5 → 18 (half to even), as torchvision
    [InlineData(16, 16, 0.5, 4, 4, 8, 8)]      // 8; 4
    [InlineData(17, 17, 0.5, 4, 4, 8, 8)]      // 8.5 → 8; 4.5 → 4 (half to even rounds this one down)
    [InlineData(30, 37, 0.5, 8, 10, 15, 18)]   // 15, 18.5 → 18; 7.5 → 8, 9.5 → 10
    [InlineData(69, 69, 0.12, 30, 30, 8, 8)]   // 8.28 → 8: the smallest crop allowed
    [InlineData(69, 69, 1.0, 0, 0, 69, 69)]
    public void Window_follows_torchvision_center_crop_with_half_to_even_rounding(int height, int width, double fraction,
        int top, int left, int cropHeight, int cropWidth)
    {
        Assert.Equal(new CropWindow(top, left, cropHeight, cropWidth), CenterCrop.Window(height, width, fraction));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.5)]
    [InlineData(1.0000001)]
    [InlineData(2.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Fraction_outside_zero_to_one_is_refused_naming_the_option(double fraction)
    {
        var error = Assert.Throws<InvalidInputException>(() => CenterCrop.Validate(fraction));
        Assert.StartsWith("--center-crop ", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Throws<InvalidInputException>(() => CenterCrop.Window(69, 69, fraction));
    }

    [Fact]
    public void Crop_leaving_fewer_than_8_pixels_a_side_is_refused_naming_the_option_and_the_sizes()
    {
        CenterCrop.Validate(0.1); // a valid fraction on its own
        var error = Assert.Throws<InvalidInputException>(() => CenterCrop.Validate(0.1, 69, 69)); // 6.9 → 7 px
        Assert.StartsWith("--center-crop 0.1:", error.Message);
        Assert.Contains("7x7", error.Message);
        Assert.Contains("69x69", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        CenterCrop.Validate(0.12, 69, 69); // 8 px
        Assert.Throws<InvalidInputException>(() => new ImagePreprocessor(69, 69, 3, PixelNormalization.Identity(224, 224), TensorLayout.Nchw, 0.1));
    }

    /// <summary>
    /// A 16×16 ramp, value 10·x + 100·y (+ 1000·c per channel). F = 0.5: crop side round(8.0) = 8, offset
    /// round((16 − 8)/2) = 4, so the window is rows and columns 4..11, values 40..110 along x and 400..1100 along y.
    /// Resized to 16×16 with half-pixel centres: ratio 8/16, s = (d + 0.5)/2 − 0.5 = d/2 − 0.25 = −0.25, 0.25, 0.75,
    /// …, 6.75, 7.25, clamped to [0, 7] → 0, 0.25, 0.75, …, 6.75, 7. Along x: 40 + 10·s = 40, 42.5, 47.5, 52.5, …,
    /// 102.5, 107.5, 110; along y: 400 + 100·s = 400, 425, 475, …, 1075, 1100. The ramp is linear, so
    /// out(y, x) = the sum of the two (+ 1000·c).
    /// </summary>
    [Fact]
    public void Ramp_cropped_to_its_centre_half_and_resized_back_to_16px_gives_the_values_worked_by_hand()
    {
        var image = new float[16 * 16 * 3];
        for (var y = 0; y < 16; y++)
            for (var x = 0; x < 16; x++)
                for (var c = 0; c < 3; c++)
                    image[(y * 16 + x) * 3 + c] = 10 * x + 100 * y + 1000 * c;
        var preprocessor = new ImagePreprocessor(16, 16, 3, PixelNormalization.Identity(16, 16), TensorLayout.Nchw, 0.5);
        Assert.Equal(new CropWindow(4, 4, 8, 8), preprocessor.Crop);
        Assert.False(preprocessor.IsSameSize);
        var output = new float[preprocessor.ValuesPerImage];
        preprocessor.Process(image, output);

        float[] alongX = [40, 42.5f, 47.5f, 52.5f, 57.5f, 62.5f, 67.5f, 72.5f, 77.5f, 82.5f, 87.5f, 92.5f, 97.5f, 102.5f, 107.5f, 110];
        float[] alongY = [400, 425, 475, 525, 575, 625, 675, 725, 775, 825, 875, 925, 975, 1025, 1075, 1100];
        for (var c = 0; c < 3; c++)
            for (var y = 0; y < 16; y++)
                for (var x = 0; x < 16; x++)
                    Assert.Equal(alongY[y] + alongX[x] + 1000 * c, output[(c * 16 + y) * 16 + x]);
    }

    [Fact]
    public void Grey_images_are_cropped_the_same_way()
    {
        var image = new float[16 * 16];
        for (var y = 0; y < 16; y++)
            for (var x = 0; x < 16; x++)
                image[y * 16 + x] = 10 * x + 100 * y;
        var preprocessor = new ImagePreprocessor(16, 16, 1, PixelNormalization.Identity(16, 16), TensorLayout.Nchw, 0.5);
        var output = new float[preprocessor.ValuesPerImage];
        preprocessor.Process(image, output);
        Assert.Equal(400 + 40, output[0]);              // clamped corner of the window
        Assert.Equal(1100 + 110, output[255]);          // the opposite corner
        Assert.Equal(425 + 47.5f, output[16 + 2]);      // row 1, column 2 (see the ramp case above)
        Assert.Equal(output.AsSpan(0, 256).ToArray(), output.AsSpan(256, 256).ToArray()); // grey feeds all three channels
    }

    [Theory]
    [InlineData(TensorLayout.Nchw)]
    [InlineData(TensorLayout.Nhwc)]
    public void Crop_of_the_model_size_is_not_resized_only_normalised(TensorLayout layout)
    {
        // 69 px at F = 0.68 is 47 px from (11, 11): at a 47 px model input the window's pixels go straight through.
        using var file = GalaxyImageFile.Open(Galaxy10Fixture.Path, "images", labelsDataset: null);
        var image = file.ReadImages(5, 1).Pixels;
        var normalization = PixelNormalization.FromResNetPreprocessModel(ImageEmbedder.BundledPreprocessModelPath).ResizedTo(47, 47);
        var preprocessor = new ImagePreprocessor(69, 69, 3, normalization, layout, 0.68);
        Assert.True(preprocessor.IsSameSize);
        var output = new float[preprocessor.ValuesPerImage];
        preprocessor.Process(image, output);
        var offset = normalization.Offset.Span;
        for (var c = 0; c < 3; c++)
            for (var y = 0; y < 47; y++)
                for (var x = 0; x < 47; x++)
                {
                    var expected = image[((11 + y) * 69 + 11 + x) * 3 + normalization.SourceChannel[c]] + offset[(c * 47 + y) * 47 + x];
                    var at = layout == TensorLayout.Nchw ? (c * 47 + y) * 47 + x : (y * 47 + x) * 3 + c;
                    Assert.Equal(expected, output[at]);
                }
    }

    [Fact]
    public void Cropping_equals_resizing_the_cropped_image_itself()
    {
        // The taps offset into the window read exactly what a copy of the window would give: bit for bit.
        using var file = GalaxyImageFile.Open(Galaxy10Fixture.Path, "images", labelsDataset: null);
        var image = file.ReadImages(9, 1).Pixels;
        var window = CenterCrop.Window(69, 69, 0.5); // 34 px from (18, 18)
        var copy = new float[34 * 34 * 3];
        for (var y = 0; y < 34; y++)
            image.AsSpan(((18 + y) * 69 + 18) * 3, 34 * 3).CopyTo(copy.AsSpan(y * 34 * 3));
        var normalization = PixelNormalization.ImageNetStandard(96, 96);
        var cropped = new ImagePreprocessor(69, 69, 3, normalization, TensorLayout.Nchw, window);
        var whole = new ImagePreprocessor(34, 34, 3, normalization, TensorLayout.Nchw);
        var a = new float[cropped.ValuesPerImage];
        var b = new float[whole.ValuesPerImage];
        cropped.Process(image, a);
        whole.Process(copy, b);
        Assert.Equal(b, a);
    }

    public static TheoryData<double, int> ReferenceCases => new() { { 0.68, 96 }, { 0.68, 224 }, { 0.5, 96 }, { 0.5, 224 } };

    /// <summary>
    /// NumPy's crop + half-pixel bilinear resize (float64, stored float32) of fixture images against ours with the
    /// identity normalisation (RGB, 0..255, nothing subtracted), on the 0..255 scale.
    /// </summary>
    [Theory]
    [MemberData(nameof(ReferenceCases))]
    public void Crop_and_resize_of_fixture_images_match_numpy_within_1e_4(double fraction, int size)
    {
        using var reference = H5File.OpenRead(Path.Combine(Fixtures.RepositoryRoot, ReferenceFile));
        var group = $"crop{fraction.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        var dataset = reference.Dataset($"{group}/size{size}");
        var expected = dataset.Read<float[]>();
        var indices = dataset.Attribute("images").Read<int[]>();
        var rows = dataset.Attribute("rows").Read<int[]>();
        var side = reference.Group(group).Attribute("side").Read<long>();
        var top = reference.Group(group).Attribute("top").Read<long>();
        Assert.Equal(new CropWindow((int)top, (int)top, (int)side, (int)side), CenterCrop.Window(69, 69, fraction));

        using var file = GalaxyImageFile.Open(Galaxy10Fixture.Path, "images", labelsDataset: null);
        var preprocessor = new ImagePreprocessor(69, 69, 3, PixelNormalization.Identity(size, size), TensorLayout.Nchw, fraction);
        var output = new float[preprocessor.ValuesPerImage];
        var worst = 0.0;
        for (var n = 0; n < indices.Length; n++)
        {
            preprocessor.Process(file.ReadImages(indices[n], 1).Pixels, output);
            for (var c = 0; c < 3; c++)
                for (var r = 0; r < rows.Length; r++)
                    for (var x = 0; x < size; x++)
                    {
                        var want = expected[((n * 3 + c) * rows.Length + r) * size + x];
                        var got = output[(c * size + rows[r]) * size + x];
                        worst = Math.Max(worst, Math.Abs(want - got));
                    }
        }
        Assert.True(worst <= 1e-4, $"max |NumPy − ours| = {worst} on the 0..255 scale");
    }
}
