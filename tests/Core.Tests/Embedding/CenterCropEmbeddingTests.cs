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
    public void Int8_calibration_crops_as_the_embedder_does_and_the_cache_key_records_the_crop()
    {
        // Calibrating on 69 px images cropped to 0.68 must give the very model that calibrating on copies of their
        // 47 px crops gives (the calibrator's tensors are bit-identical), under a key of its own.
        var prepared = OnnxModelPreparer.Prepare(ImageEmbedder.BundledModelPath);
        var normalization = PixelNormalization.FromResNetPreprocessModel(ImageEmbedder.BundledPreprocessModelPath);
        var settings = new CalibrationSettings(SampleSize: 8);
        var images = FixtureImages(0, 64);
        var cache = Path.Combine(Path.GetTempPath(), "galaxyactors-crop-tests", $"{Environment.ProcessId}-{Guid.NewGuid():N}");

        byte[] cropped, ofCopies;
        Int8Model croppedSource, copiesSource;
        try
        {
            (cropped, croppedSource) = Int8Quantization.Build(prepared, normalization, CalibrationImages.FromBatch(images), settings, cache, 2, centerCrop: 0.68);
            (ofCopies, copiesSource) = Int8Quantization.Build(prepared, normalization, CalibrationImages.FromBatch(Cropped(images, 0.68)), settings, cache, 2);
        }
        finally
        {
            if (Directory.Exists(cache))
                Directory.Delete(cache, recursive: true);
        }
        Assert.False(croppedSource.LoadedFromCache);
        Assert.False(copiesSource.LoadedFromCache);
        Assert.Equal(ofCopies, cropped);

        var sample = CalibrationImages.FromBatch(images).Sample(settings.SampleSize);
        var uncroppedKey = Int8Quantization.CacheKey(prepared.Bytes, normalization, sample, settings);
        Assert.Equal(uncroppedKey, Int8Quantization.CacheKey(prepared.Bytes, normalization, sample, settings, CropWindow.Whole(69, 69)));
        Assert.NotEqual(uncroppedKey, croppedSource.CacheKey);
        Assert.Equal(Int8Quantization.CacheKey(prepared.Bytes, normalization, sample, settings, CenterCrop.Window(69, 69, 0.68)), croppedSource.CacheKey);
        Assert.NotEqual(croppedSource.CacheKey, Int8Quantization.CacheKey(prepared.Bytes, normalization, sample, settings, CenterCrop.Window(69, 69, 0.5)));
    }
}
