using GalaxyActors.Core.Imaging.Synthetic;
using GalaxyActors.Core.Embedding;
using GalaxyActors.Core.Imaging;
using Microsoft.ML.OnnxRuntime;

namespace GalaxyActors.Core.Tests.Imaging;

public class ImagePreprocessorTests
{
    private static float[] Run(float[] hwc, int height, int width, PixelNormalization normalization, TensorLayout layout = TensorLayout.Nchw)
    {
        var preprocessor = new ImagePreprocessor(height, width, 3, normalization, layout);
        var output = new float[preprocessor.ValuesPerImage];
        preprocessor.Process(hwc, output);
        return output;
    }

    [Fact]
    public void Constant_image_stays_constant_when_upscaled_69_to_224()
    {
        var image = new float[69 * 69 * 3];
        Array.Fill(image, 37.5f);
        var output = Run(image, 69, 69, PixelNormalization.Identity(224, 224));
        Assert.All(output, v => Assert.Equal(37.5f, v));
    }

    [Fact]
    public void Two_pixels_upscaled_to_four_give_the_half_pixel_bilinear_values()
    {
        // Target centres map to source x = -0.25 (clamped to 0), 0.25, 0.75, 1.25 (clamped to 1).
        var image = new float[] { 0, 0, 0, 10, 20, 30 }; // 1×2 RGB
        var output = Run(image, 1, 2, PixelNormalization.Identity(1, 4));
        Assert.Equal(new float[] { 0, 2.5f, 7.5f, 10, 0, 5, 15, 20, 0, 7.5f, 22.5f, 30 }, output);
    }

    [Fact]
    public void Linear_ramp_stays_linear_inside_the_image()
    {
        const int source = 10, target = 37;
        var image = new float[source * source * 3];
        for (var y = 0; y < source; y++)
            for (var x = 0; x < source; x++)
                for (var c = 0; c < 3; c++)
                    image[(y * source + x) * 3 + c] = 2f * x + 3f * y + 50f * c;
        var output = Run(image, source, source, PixelNormalization.Identity(target, target));
        var ratio = (double)source / target;
        var checkedPixels = 0;
        for (var y = 0; y < target; y++)
        {
            var sy = (y + 0.5) * ratio - 0.5;
            for (var x = 0; x < target; x++)
            {
                var sx = (x + 0.5) * ratio - 0.5;
                if (sx < 0 || sy < 0 || sx > source - 1 || sy > source - 1)
                    continue; // border samples are clamped, not extrapolated
                for (var c = 0; c < 3; c++)
                    Assert.Equal(2 * sx + 3 * sy + 50 * c, output[(c * target + y) * target + x], 3);
                checkedPixels++;
            }
        }
        Assert.True(checkedPixels > target * target / 2);
    }

    [Fact]
    public void Same_size_is_the_identity_in_planar_layout()
    {
        var random = new Random(7);
        var image = new float[17 * 23 * 3];
        for (var i = 0; i < image.Length; i++)
            image[i] = (float)(random.NextDouble() * 255);
        var output = Run(image, 17, 23, PixelNormalization.Identity(17, 23));
        for (var y = 0; y < 17; y++)
            for (var x = 0; x < 23; x++)
                for (var c = 0; c < 3; c++)
                    Assert.Equal(image[(y * 23 + x) * 3 + c], output[(c * 17 + y) * 23 + x]);
    }

    [Fact]
    public void Nhwc_layout_holds_the_same_values_interleaved()
    {
        var image = SyntheticGalaxies.Render(1, 3, 30).ToImageBatch().Pixels;
        var normalization = PixelNormalization.ImageNetStandard(50, 40);
        var planar = Run(image, 30, 30, normalization);
        var interleaved = Run(image, 30, 30, normalization, TensorLayout.Nhwc);
        for (var p = 0; p < 50 * 40; p++)
            for (var c = 0; c < 3; c++)
                Assert.Equal(planar[c * 2000 + p], interleaved[p * 3 + c]);
    }

    /// <summary>
    /// Compares, for the same 224×224 RGB image on the 0..255 scale, ResNetPreprocess.onnx run by ONNX
    /// Runtime on the NCHW RGB tensor (what ML.NET feeds it) with our preprocessor run on the HWC image
    /// (a 224→224 resize, i.e. identity, then our reproduction of the model's channel order and mean).
    /// </summary>
    [Fact]
    public void Normalisation_matches_ResNetPreprocess_onnx_run_by_onnx_runtime()
    {
        const int size = 224;
        var random = new Random(11);
        var hwc = new float[size * size * 3];
        for (var i = 0; i < hwc.Length; i++)
            hwc[i] = (float)Math.Round(random.NextDouble() * 255);
        var nchw = new float[hwc.Length];
        for (var p = 0; p < size * size; p++)
            for (var c = 0; c < 3; c++)
                nchw[c * size * size + p] = hwc[p * 3 + c];

        using var session = new InferenceSession(ImageEmbedder.BundledPreprocessModelPath);
        using var input = OrtValue.CreateTensorValueFromMemory(nchw, [1, 3, size, size]);
        using var results = session.Run(new RunOptions(), ["OriginalInput"], [input], ["PreprocessedInput"]);
        var expected = results[0].GetTensorDataAsSpan<float>().ToArray();

        var actual = Run(hwc, size, size, PixelNormalization.FromResNetPreprocessModel(ImageEmbedder.BundledPreprocessModelPath));

        Assert.Equal(expected.Length, actual.Length);
        var maxDifference = 0.0;
        for (var i = 0; i < expected.Length; i++)
            maxDifference = Math.Max(maxDifference, Math.Abs(expected[i] - actual[i]));
        Assert.True(maxDifference <= 1e-5, $"max |ONNX − ours| = {maxDifference}");
    }
}

public class InputSizePreprocessingTests
{
    private static PixelNormalization ResNet() => PixelNormalization.FromResNetPreprocessModel(ImageEmbedder.BundledPreprocessModelPath);

    [Fact]
    public void Same_size_applies_only_the_channel_order_and_the_mean()
    {
        var normalization = ResNet().ResizedTo(69, 69);
        var preprocessor = new ImagePreprocessor(69, 69, 3, normalization, TensorLayout.Nchw);
        Assert.True(preprocessor.IsSameSize);
        var random = new Random(4);
        var image = new float[69 * 69 * 3];
        for (var i = 0; i < image.Length; i++)
            image[i] = random.Next(256);
        var output = new float[preprocessor.ValuesPerImage];
        preprocessor.Process(image, output);
        var offset = normalization.Offset.Span;
        for (var c = 0; c < 3; c++)
            for (var p = 0; p < 69 * 69; p++)
                Assert.Equal(image[p * 3 + normalization.SourceChannel[c]] + offset[c * 69 * 69 + p], output[c * 69 * 69 + p]);
    }

    [Fact]
    public void Halving_the_mean_image_averages_two_by_two_blocks()
    {
        // Half-pixel bilinear at exactly half size samples at 2d + 0.5: the mean of each 2×2 block.
        var full = ResNet();
        var half = full.ResizedTo(112, 112);
        var source = full.Offset.Span;
        var resized = half.Offset.Span;
        for (var c = 0; c < 3; c++)
            for (var y = 0; y < 112; y++)
                for (var x = 0; x < 112; x++)
                {
                    double sum = 0;
                    for (var dy = 0; dy < 2; dy++)
                        for (var dx = 0; dx < 2; dx++)
                            sum += source[(c * 224 + 2 * y + dy) * 224 + 2 * x + dx];
                    Assert.True(Math.Abs(sum / 4 - resized[(c * 112 + y) * 112 + x]) <= 1e-4, $"channel {c} ({y}, {x})");
                }
    }

    [Fact]
    public void Per_channel_constants_stay_the_same_at_any_size()
    {
        var resized = PixelNormalization.ImageNetStandard(224, 224).ResizedTo(72, 72);
        var direct = PixelNormalization.ImageNetStandard(72, 72);
        Assert.Equal(direct.Offset.ToArray(), resized.Offset.ToArray());
        Assert.Equal(direct.Scale, resized.Scale);
    }
}
