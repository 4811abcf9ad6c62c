using GalaxyActors.Core.Embedding;
using GalaxyActors.Core.Embedding.Quantization;
using GalaxyActors.Core.Hdf5;
using GalaxyActors.Core.Imaging;
using GalaxyActors.Core.Tests.Hdf5;

namespace GalaxyActors.Core.Tests.Embedding;

/// <summary>
/// <see cref="EmbedderOptions.CenterCrop"/> through the embedder: every path that preprocesses crops (plain, dihedral TTA,
/// int8 calibration), the option is validated, and the provenance and the int8 cache key record it.
/// </summary>
public class CenterCropEmbeddingTests
{
    private static ImageBatch FixtureImages(int start, int count)
    {
        using var file = GalaxyImageFile.Open(Galaxy10Fixture.Path, "images", labelsDataset: null);
        return file.ReadImages(start, count);
    }

    /// <summary>The centre-crop window of every image, copied out as images of their own.</summary>
    private static ImageBatch Cropped(ImageBatch images, double fraction)
    {
        var window = CenterCrop.Window(images.Height, images.Width, fraction);
        var channels = images.Channels;
        var pixels = new float[images.Count * window.Height * window.Width * channels];
        for (var i = 0; i < images.Count; i++)
        {
            var image = images.Image(i);
            for (var y = 0; y < window.Height; y++)
                image.Slice(((window.Top + y) * images.Width + window.Left) * channels, window.Width * channels)
                    .CopyTo(pixels.AsSpan(((i * window.Height) + y) * window.Width * channels));
        }
        return new ImageBatch(0, images.Count, window.Height, window.Width, channels, pixels);
    }

    private static double RelativeDifference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double difference = 0, norm = 0;
        for (var i = 0; i < a.Length; i++)
        {
            difference += (a[i] - b[i]) * (double)(a[i] - b[i]);
            norm += a[i] * (double)a[i];
        }
        return Math.Sqrt(difference / norm);
    }

    [Fact]
    public void Cropped_embedding_equals_embedding_the_cropped_images_and_differs_from_the_uncropped()
    {
        var images = FixtureImages(10, 3);
        using var cropping = ImageEmbedder.Create(new EmbedderOptions { BatchSize = 4, CenterCrop = 0.68 });
        using var plain = ImageEmbedder.Create(new EmbedderOptions { BatchSize = 4 });
        var cropped = new float[3 * 512];
        var ofCopies = new float[3 * 512];
        var uncropped = new float[3 * 512];
        cropping.Embed(images, cropped);
        plain.Embed(Cropped(images, 0.68), ofCopies); // 47×47 images, resized 47 → 224 as the crop window is
        plain.Embed(images, uncropped);

        for (var i = 0; i < 3; i++)
        {
            var same = RelativeDifference(ofCopies.AsSpan(i * 512, 512), cropped.AsSpan(i * 512, 512));
            Assert.True(same <= 1e-6, $"image {i}: cropped vs copies of the crop differ by {same}");
            var other = RelativeDifference(uncropped.AsSpan(i * 512, 512), cropped.AsSpan(i * 512, 512));
            Assert.True(other > 1e-2, $"image {i}: the crop changed the features by only {other}");
        }
    }

    [Theory]
    [InlineData(0.68)] // 47 px from (11, 11): centred exactly
    [InlineData(0.5)]  // 34 px from (18, 18): 18 px cut above and left, 17 below and right
    public void Dihedral_tta_with_a_crop_stays_rotation_and_mirror_invariant(double fraction)
    {
        var original = FixtureImages(40, 1);
        var both = new float[3 * 69 * 69 * 3];
        original.Pixels.AsSpan(0, 69 * 69 * 3).CopyTo(both);
        DihedralTransform.Apply(1, original.Image(0), 69, 69, 3, both.AsSpan(69 * 69 * 3, 69 * 69 * 3)); // 90°
        DihedralTransform.Apply(6, original.Image(0), 69, 69, 3, both.AsSpan(2 * 69 * 69 * 3, 69 * 69 * 3)); // 180° mirrored
        var three = new ImageBatch(0, 3, 69, 69, 3, both);

        using var plain = ImageEmbedder.Create(new EmbedderOptions { BatchSize = 3, CenterCrop = fraction });
        using var tta = ImageEmbedder.Create(new EmbedderOptions { BatchSize = 3, CenterCrop = fraction, Tta = TtaMode.Dihedral });
        var withoutTta = new float[3 * 512];
        var withTta = new float[3 * 512];
        plain.Embed(three, withoutTta);
        tta.Embed(three, withTta);

        for (var i = 1; i < 3; i++)
        {
            var plainDifference = RelativeDifference(withoutTta.AsSpan(0, 512), withoutTta.AsSpan(i * 512, 512));
            var ttaDifference = RelativeDifference(withTta.AsSpan(0, 512), withTta.AsSpan(i * 512, 512));
            Assert.True(plainDifference > 1e-2, $"without TTA transformed copy {i} differs by only {plainDifference}");
            Assert.True(ttaDifference < 1e-4, $"with dihedral TTA transformed copy {i} differs by {ttaDifference}");
        }
    }

    /// <summary>
    /// Invariance alone would hold if the TTA path ignored the crop, so this pins what it computes: the mean of the
    /// features of the crops of the 8 dihedral transforms of the source (embedded one at a time, as TTA infers a batch of
    /// one image's view), at 0.5, where the window sits half a pixel off centre and a crop of a turned image is not the
    /// turned crop.
    /// </summary>
    [Fact]
    public void Dihedral_tta_with_a_crop_is_the_mean_of_the_crops_of_the_8_transformed_images()
    {
        const double fraction = 0.5;
        var original = FixtureImages(50, 1);
        var views = new float[DihedralTransform.Count * 69 * 69 * 3];
        for (var t = 0; t < DihedralTransform.Count; t++)
            DihedralTransform.Apply(t, original.Image(0), 69, 69, 3, views.AsSpan(t * 69 * 69 * 3, 69 * 69 * 3));
        using var plain = ImageEmbedder.Create(new EmbedderOptions { BatchSize = 1, CenterCrop = fraction });
        using var tta = ImageEmbedder.Create(new EmbedderOptions { BatchSize = 1, CenterCrop = fraction, Tta = TtaMode.Dihedral });
        var perView = new float[DihedralTransform.Count * 512];
        plain.Embed(new ImageBatch(0, DihedralTransform.Count, 69, 69, 3, views), perView);
        var withTta = new float[512];
        tta.Embed(original, withTta);

        var mean = new float[512];
        for (var j = 0; j < 512; j++)
        {
            double sum = 0;
            for (var t = 0; t < DihedralTransform.Count; t++)
                sum += perView[t * 512 + j];
            mean[j] = (float)(sum / DihedralTransform.Count);
        }
        var difference = RelativeDifference(mean, withTta);
        Assert.True(difference <= 1e-6, $"TTA with a crop vs the mean of the 8 cropped views differs by {difference}");
        var views0 = RelativeDifference(perView.AsSpan(0, 512), perView.AsSpan(512, 512));
        Assert.True(views0 > 1e-2, $"the views differ by only {views0}: the test would not see a missing transform");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Embedder_refuses_a_crop_fraction_outside_zero_to_one(double fraction)
    {
        var error = Assert.Throws<InvalidInputException>(() => ImageEmbedder.Create(new EmbedderOptions { CenterCrop = fraction }));
        Assert.StartsWith("--center-crop", error.Message);
    }

    [Fact]
    public void Embedder_refuses_a_crop_that_leaves_fewer_than_8_pixels_when_it_sees_the_images()
    {
        using var embedder = ImageEmbedder.Create(new EmbedderOptions { BatchSize = 2, CenterCrop = 0.1 });
        var error = Assert.Throws<InvalidInputException>(() => embedder.Embed(FixtureImages(0, 2), new float[2 * 512]));
        Assert.StartsWith("--center-crop 0.1:", error.Message);
        Assert.Contains("69x69", error.Message);
    }

    [Fact]
    public void Provenance_names_the_crop()
    {
        using var cropping = ImageEmbedder.Create(new EmbedderOptions { CenterCrop = 0.68 });
        using var plain = ImageEmbedder.Create(new EmbedderOptions());
        Assert.Contains("centre crop to round(0.68 x side) px", cropping.PreprocessingDescription);
        Assert.Contains("torchvision CenterCrop", cropping.PreprocessingDescription);
        Assert.Contains("no centre crop", plain.PreprocessingDescription);
        Assert.Equal(0.68, cropping.CenterCrop);
    }

    [Fact]
    public void Crop_of_1_embeds_bit_for_bit_as_no_crop()
    {
        var images = FixtureImages(20, 2);
        using var explicitWhole = ImageEmbedder.Create(new EmbedderOptions { BatchSize = 2, CenterCrop = 1.0 });
        using var plain = ImageEmbedder.Create(new EmbedderOptions { BatchSize = 2 });
        var a = new float[2 * 512];
        var b = new float[2 * 512];
        explicitWhole.Embed(images, a);
        plain.Embed(images, b);
        Assert.Equal(b, a);
    }

    [Fact]
    public void Int8_cache_key_records_the_crop_window()
    {
        // Pure hashing, no calibration: the whole image keys as before the crop existed, any other window differently.
        var prepared = OnnxModelPreparer.Prepare(ImageEmbedder.BundledModelPath);
        var normalization = PixelNormalization.FromResNetPreprocessModel(ImageEmbedder.BundledPreprocessModelPath);
        var settings = new CalibrationSettings(SampleSize: 8);
        var sample = CalibrationImages.FromBatch(FixtureImages(0, 64)).Sample(settings.SampleSize);
        string Key(CropWindow? crop) => Int8Quantization.CacheKey(prepared.Bytes, normalization, sample, settings, crop);

        var uncropped = Key(null);
        Assert.Equal(uncropped, Key(CropWindow.Whole(69, 69)));
        string[] keys = [uncropped, Key(CenterCrop.Window(69, 69, 0.68)), Key(CenterCrop.Window(69, 69, 0.5)), Key(new CropWindow(10, 11, 47, 47))];
        Assert.Equal(keys.Length, keys.Distinct().Count());
    }

    /// <summary>
    /// Through <see cref="ImageEmbedder.Create"/> with <see cref="EmbeddingPrecision.Int8"/>: calibrating on 69 px images
    /// cropped to 0.68 must build the very model that calibrating on copies of their 47 px crops builds (the calibrator's
    /// input tensors are bit-identical), under a key of its own that names the window, and the two int8 embedders must
    /// then give the same features for the images and for their crops.
    /// </summary>
    [Fact]
    public void Int8_embedder_calibrates_on_the_crops_keys_the_cache_on_them_and_embeds_as_on_the_cropped_images()
    {
        var settings = new CalibrationSettings(SampleSize: 8); // small: the tests share 2 cores; the default is 128
        var images = FixtureImages(0, 64);
        var copies = Cropped(images, 0.68);
        var cache = Path.Combine(Path.GetTempPath(), "galaxyactors-crop-tests", $"{Environment.ProcessId}-{Guid.NewGuid():N}");
        EmbedderOptions Int8(ImageBatch calibration, double crop) => new()
        {
            BatchSize = 4,
            CenterCrop = crop,
            Precision = EmbeddingPrecision.Int8,
            CalibrationImages = CalibrationImages.FromBatch(calibration),
            Calibration = settings,
            ModelCacheDirectory = cache,
        };
        try
        {
            using var cropping = ImageEmbedder.Create(Int8(images, 0.68));
            using var ofCopies = ImageEmbedder.Create(Int8(copies, CenterCrop.None));
            Assert.False(cropping.Int8!.LoadedFromCache);
            Assert.False(ofCopies.Int8!.LoadedFromCache); // a key of its own, so it calibrated rather than found the other
            Assert.Equal(File.ReadAllBytes(ofCopies.Int8.CachePath), File.ReadAllBytes(cropping.Int8.CachePath));

            var prepared = OnnxModelPreparer.Prepare(ImageEmbedder.BundledModelPath);
            var normalization = PixelNormalization.FromResNetPreprocessModel(ImageEmbedder.BundledPreprocessModelPath);
            var sample = CalibrationImages.FromBatch(images).Sample(settings.SampleSize);
            Assert.Equal(Int8Quantization.CacheKey(prepared.Bytes, normalization, sample, settings, new CropWindow(11, 11, 47, 47)), cropping.Int8.CacheKey);
            Assert.NotEqual(Int8Quantization.CacheKey(prepared.Bytes, normalization, sample, settings), cropping.Int8.CacheKey);
            Assert.Contains("centre crop to round(0.68 x side) px", cropping.PreprocessingDescription);
            Assert.Contains("int8", cropping.PreprocessingDescription);

            var held = FixtureImages(30, 3); // not among the 8 calibration images (4, 12, …, 60)
            var cropped = new float[3 * 512];
            var expected = new float[3 * 512];
            cropping.Embed(held, cropped);
            ofCopies.Embed(Cropped(held, 0.68), expected);
            for (var i = 0; i < 3; i++)
            {
                var difference = RelativeDifference(expected.AsSpan(i * 512, 512), cropped.AsSpan(i * 512, 512));
                Assert.True(difference <= 1e-6, $"image {i}: int8 features of the crop vs of the copies differ by {difference}");
            }

            // Built again with the same crop, the cached model is found.
            using var again = ImageEmbedder.Create(Int8(images, 0.68));
            Assert.True(again.Int8!.LoadedFromCache);
            Assert.Equal(cropping.Int8.CacheKey, again.Int8.CacheKey);
        }
        finally
        {
            if (Directory.Exists(cache))
                Directory.Delete(cache, recursive: true);
        }
    }
}
