using GalaxyActors.Core.Embedding;
using GalaxyActors.Core.Embedding.Quantization;
using GalaxyActors.Core.Imaging.Synthetic;
using GalaxyActors.Core.Linalg;

namespace GalaxyActors.Benchmarks;

/// <summary>Paired fp32/int8 figures: per-round raw rates, their medians, the median of per-round ratios, and feature agreement.</summary>
public sealed record PrecisionComparison(
    int Images,
    int BatchSize,
    int Threads,
    IReadOnlyList<(double Fp32, double Int8)> Rounds,
    double MedianFp32ImagesPerSecond,
    double MedianInt8ImagesPerSecond,
    double MedianSpeedup,
    double MeanCosine,
    double MinCosine,
    Int8Model Int8);

/// <summary>
/// int8 against fp32 on the same machine at the same moment: both sessions open side by side, and each round times
/// the raw model on the same preprocessed images once with fp32 and once with int8, so a load spike on a shared
/// machine hits a pair rather than one side; the median of the per-round ratios is the figure to quote. The int8
/// model is calibrated on other seeded images than those timed, so the cosine to fp32 is on unseen images.
/// </summary>
public static class PrecisionBenchmark
{
    public static PrecisionComparison Run(int images = 64, int batchSize = 16, int threads = 2, int rounds = 9, int seed = 1, string? cacheDirectory = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(images, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        var batch = SyntheticGalaxies.Render(images, seed).ToImageBatch();
        var calibration = SyntheticGalaxies.Render(new CalibrationSettings().SampleSize, seed + 1).ToImageBatch();
        var options = new EmbedderOptions { IntraOpThreads = threads, BatchSize = batchSize, ModelCacheDirectory = cacheDirectory };
        using var fp32 = ImageEmbedder.Create(options);
        using var int8 = ImageEmbedder.Create(options with { Precision = EmbeddingPrecision.Int8, CalibrationImages = CalibrationImages.FromBatch(calibration) });

        var reference = new float[images * fp32.FeatureDimension];
        var quantized = new float[images * int8.FeatureDimension];
        fp32.Embed(batch, reference); // also the warm-up of both sessions
        int8.Embed(batch, quantized);
        var cosines = new double[images];
        for (var i = 0; i < images; i++)
            cosines[i] = FeatureCosine.Of(reference.AsSpan(i * fp32.FeatureDimension, fp32.FeatureDimension), quantized.AsSpan(i * int8.FeatureDimension, int8.FeatureDimension));

        var measured = new List<(double Fp32, double Int8)>();
        for (var round = 0; round < rounds; round++)
        {
            var fp32Rate = images / EmbedBenchmark.Time(() => EmbedBenchmark.InferOnly(fp32, batch));
            var int8Rate = images / EmbedBenchmark.Time(() => EmbedBenchmark.InferOnly(int8, batch));
            measured.Add((fp32Rate, int8Rate));
        }
        return new PrecisionComparison(images, batchSize, threads, measured,
            Median(measured.Select(m => m.Fp32)), Median(measured.Select(m => m.Int8)), Median(measured.Select(m => m.Int8 / m.Fp32)),
            cosines.Average(), cosines.Min(), int8.Int8!);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
