using GalaxyActors.Core.Embedding;
using GalaxyActors.Core.Embedding.Quantization;
using GalaxyActors.Core.Hdf5;
using GalaxyActors.Core.Imaging;
using GalaxyActors.Core.Imaging.Synthetic;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using Xunit.Abstractions;

namespace GalaxyActors.Core.Tests.Embedding.Quantization;

/// <summary>The int8 embedder end to end on the bundled ResNet18: accuracy against fp32, ORT's fused kernels, the cache.</summary>
public class Int8EmbeddingTests(ITestOutputHelper output)
{
    // Small calibration sample: the tests run on a shared 2-core machine; the default is 128.
    private static readonly CalibrationSettings Calibration = new(SampleSize: 32);

    private static string NewDirectory(string name)
    {
        var directory = Path.Combine(Path.GetTempPath(), "galaxyactors-int8-tests", $"{Environment.ProcessId}-{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        return directory;
    }

    private static string WriteSample(string directory, int count, int seed)
    {
        var sample = SyntheticGalaxies.Render(count, seed);
        var path = Path.Combine(directory, $"sample-{seed}.h5");
        GalaxyImageFileWriter.Write(path, sample.Pixels, sample.Count, sample.Size, sample.Size, sample.Labels);
        return path;
    }

    private static EmbedderOptions Int8Options(string imagesPath, string cache) => new()
    {
        Precision = EmbeddingPrecision.Int8,
        CalibrationImages = CalibrationImages.FromFile(imagesPath),
        Calibration = Calibration,
        ModelCacheDirectory = cache,
    };

    private static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double dot = 0, aa = 0, bb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * (double)b[i];
            aa += a[i] * (double)a[i];
            bb += b[i] * (double)b[i];
        }
        return dot / Math.Sqrt(aa * bb);
    }

    [Fact]
    public void Int8_features_stay_within_cosine_0_99_of_fp32_on_held_out_images()
    {
        var directory = NewDirectory("cosine");
        var calibrationFile = WriteSample(directory, 96, seed: 5);
        var heldOut = SyntheticGalaxies.Render(40, seed: 77).ToImageBatch(); // not among the calibration images
        using var fp32 = ImageEmbedder.Create(new EmbedderOptions());
        using var int8 = ImageEmbedder.Create(Int8Options(calibrationFile, directory));
        var reference = new float[heldOut.Count * 512];
        var quantized = new float[heldOut.Count * 512];
        fp32.Embed(heldOut, reference);
        int8.Embed(heldOut, quantized);

        var cosines = Enumerable.Range(0, heldOut.Count)
            .Select(i => Cosine(reference.AsSpan(i * 512, 512), quantized.AsSpan(i * 512, 512))).ToList();
        output.WriteLine($"cosine int8 vs fp32 over {cosines.Count} held-out images: mean {cosines.Average():F5}, min {cosines.Min():F5}");
        Assert.True(cosines.Average() >= 0.99, $"mean cosine {cosines.Average():F4}, min {cosines.Min():F4}");
        Assert.Contains("int8", int8.PreprocessingDescription);
        // Not trivially equal: int8 rounding does change the features.
        Assert.True(cosines.Average() < 1 - 1e-7, $"mean cosine {cosines.Average()}");
    }

    [Fact]
    public void Onnx_runtime_fuses_every_convolution_of_the_int8_model_into_an_int8_kernel()
    {
        var directory = NewDirectory("kernels");
        var images = SyntheticGalaxies.Render(16, seed: 8).ToImageBatch();
        var (bytes, _) = BuildInt8(images, directory);
        var floatConvolutions = ModelProto.Parser.ParseFrom(File.ReadAllBytes(ImageEmbedder.BundledModelPath)).Graph.Node.Count(n => n.OpType == "Conv");

        var optimizedPath = Path.Combine(directory, "optimized.onnx");
        using (var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, OptimizedModelFilePath = optimizedPath })
        using (new InferenceSession(bytes, options))
        {
        }
        var optimized = ModelProto.Parser.ParseFrom(File.ReadAllBytes(optimizedPath)).Graph.Node;
        var opTypes = optimized.GroupBy(n => n.OpType).ToDictionary(g => g.Key, g => g.Count());
        var summary = string.Join(", ", opTypes.Select(p => $"{p.Key}×{p.Value}"));
        output.WriteLine($"optimized int8 graph: {summary}");
        Assert.Equal(floatConvolutions, opTypes.GetValueOrDefault("QLinearConv"));
        Assert.False(opTypes.ContainsKey("Conv"), summary);
        Assert.False(opTypes.ContainsKey("FusedConv"), summary);
        Assert.True(opTypes.GetValueOrDefault("QLinearAdd") >= 7, summary); // the residual adds run on uint8 too
    }

    private static (byte[] Bytes, Int8Model Source) BuildInt8(ImageBatch images, string cache, CalibrationSettings? settings = null, byte[]? modelBytes = null)
    {
        var prepared = OnnxModelPreparer.Prepare(ImageEmbedder.BundledModelPath);
        if (modelBytes is not null)
            prepared = prepared with { Bytes = modelBytes };
        var normalization = PixelNormalization.FromResNetPreprocessModel(ImageEmbedder.BundledPreprocessModelPath);
        return Int8Quantization.Build(prepared, normalization, CalibrationImages.FromBatch(images), settings ?? Calibration, cache, intraOpThreads: 2);
    }

    [Fact]
    public void Second_build_with_the_same_inputs_loads_the_cached_model_without_calibrating()
    {
        var directory = NewDirectory("cache");
        var file = WriteSample(directory, 24, seed: 3);
        using (var first = ImageEmbedder.Create(Int8Options(file, directory)))
        {
            Assert.False(first.Int8!.LoadedFromCache);
            Assert.True(File.Exists(first.Int8.CachePath));
            Assert.StartsWith(directory, first.Int8.CachePath);
        }
        var written = File.GetLastWriteTimeUtc(Directory.GetFiles(directory, "*.onnx").Single());
        using var second = ImageEmbedder.Create(Int8Options(file, directory));
        Assert.True(second.Int8!.LoadedFromCache);
        Assert.Single(Directory.GetFiles(directory, "*.onnx"));
        Assert.Equal(written, File.GetLastWriteTimeUtc(second.Int8.CachePath));
        Assert.Empty(Directory.GetFiles(directory, "*.tmp")); // the temporary file of the atomic write is gone
    }

    [Fact]
    public void Two_quantizations_of_the_same_inputs_are_byte_identical()
    {
        var images = SyntheticGalaxies.Render(16, seed: 12).ToImageBatch();
        var (one, firstSource) = BuildInt8(images, NewDirectory("det-a"));
        var (two, secondSource) = BuildInt8(images, NewDirectory("det-b"));
        Assert.False(firstSource.LoadedFromCache);
        Assert.False(secondSource.LoadedFromCache);
        Assert.Equal(firstSource.CacheKey, secondSource.CacheKey);
        Assert.Equal(one, two);
    }

    [Fact]
    public void Cache_key_changes_with_the_model_the_calibration_images_and_the_method()
    {
        var prepared = OnnxModelPreparer.Prepare(ImageEmbedder.BundledModelPath);
        var normalization = PixelNormalization.FromResNetPreprocessModel(ImageEmbedder.BundledPreprocessModelPath);
        var images = SyntheticGalaxies.Render(8, seed: 1).ToImageBatch();
        var key = Int8Quantization.CacheKey(prepared.Bytes, normalization, images, Calibration);

        Assert.Equal(key, Int8Quantization.CacheKey((byte[])prepared.Bytes.Clone(), normalization, SyntheticGalaxies.Render(8, seed: 1).ToImageBatch(), Calibration));
        var otherModel = (byte[])prepared.Bytes.Clone();
        otherModel[^1] ^= 1;
        Assert.NotEqual(key, Int8Quantization.CacheKey(otherModel, normalization, images, Calibration));
        Assert.NotEqual(key, Int8Quantization.CacheKey(prepared.Bytes, normalization, SyntheticGalaxies.Render(8, seed: 2).ToImageBatch(), Calibration));
        var onePixel = SyntheticGalaxies.Render(8, seed: 1).ToImageBatch();
        onePixel.Pixels[100] += 1;
        Assert.NotEqual(key, Int8Quantization.CacheKey(prepared.Bytes, normalization, onePixel, Calibration));
        Assert.NotEqual(key, Int8Quantization.CacheKey(prepared.Bytes, normalization, images, Calibration with { Method = CalibrationMethod.MinMax }));
        Assert.NotEqual(key, Int8Quantization.CacheKey(prepared.Bytes, PixelNormalization.ImageNetStandard(224, 224), images, Calibration));
    }

    [Fact]
    public void Other_calibration_images_build_a_second_cache_entry()
    {
        var directory = NewDirectory("miss");
        var (_, first) = BuildInt8(SyntheticGalaxies.Render(8, seed: 30).ToImageBatch(), directory);
        var (_, second) = BuildInt8(SyntheticGalaxies.Render(8, seed: 31).ToImageBatch(), directory);
        Assert.False(second.LoadedFromCache);
        Assert.NotEqual(first.CachePath, second.CachePath);
        Assert.Equal(2, Directory.GetFiles(directory, "*.onnx").Length);
    }

    [Fact]
    public void Int8_without_calibration_images_is_a_user_error()
    {
        var error = Assert.Throws<InvalidInputException>(() => ImageEmbedder.Create(new EmbedderOptions { Precision = EmbeddingPrecision.Int8 }));
        Assert.Contains("--precision int8", error.Message);
    }
}
