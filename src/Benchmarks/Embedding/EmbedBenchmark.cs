using System.Diagnostics;
using GalaxyActors.Core.Embedding;
using GalaxyActors.Core.Embedding.Quantization;
using GalaxyActors.Core.Imaging;
using GalaxyActors.Core.Imaging.Synthetic;

namespace GalaxyActors.Benchmarks;

/// <summary>
/// Measures embedding throughput on seeded synthetic galaxy images: raw model inference, preprocessing
/// alone and the whole embed path, across intra-op thread counts and batch sizes. Prints nothing; the
/// CLI (<c>galaxy bench embed</c>) formats the report.
/// </summary>
public static class EmbedBenchmark
{
    public static readonly IReadOnlyList<int> DefaultBatchSizes = [1, 4, 8, 16, 32];
    public static readonly IReadOnlyList<int> DefaultThreadCounts = [1, 2];

    /// <param name="images">Images timed per setting (each setting is timed twice, raw and full interleaved, and summed).</param>
    /// <param name="sourceSize">Side of the square source images (69 for Galaxy10).</param>
    /// <param name="batchSizes">Batch sizes to try; default 1, 4, 8, 16, 32.</param>
    /// <param name="threadCounts">Intra-op thread counts to try; default 1, 2.</param>
    /// <param name="modelPath">Model to time; null = bundled ResNet18.</param>
    /// <param name="seed">Seed of the synthetic images.</param>
    /// <param name="inputSizes">Model input sizes to time (see <see cref="EmbedderOptions.InputSize"/>); null or empty = the model's own.</param>
    /// <param name="options">Precision, execution provider and cache of the embedders timed; null = fp32 on the CPU.
    /// int8 calibrates on the benchmark's own images (cached, so only the first run pays for it).</param>
    public static EmbedBenchmarkReport Run(int images, int sourceSize = 69, IReadOnlyList<int>? batchSizes = null,
        IReadOnlyList<int>? threadCounts = null, string? modelPath = null, int seed = 1, IReadOnlyList<int>? inputSizes = null,
        EmbedderOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(images, 1);
        batchSizes ??= DefaultBatchSizes;
        threadCounts ??= DefaultThreadCounts;
        IReadOnlyList<int?> sizes = inputSizes is { Count: > 0 } ? inputSizes.Select(s => (int?)s).ToList() : [null];
        var batch = SyntheticGalaxies.Render(images, seed, sourceSize).ToImageBatch();
        var rows = new List<EmbedBenchmarkRow>();
        var preprocessing = new List<EmbedBenchmarkPreprocessing>();
        string? description = null;
        foreach (var inputSize in sizes)
        {
            var preprocessRate = 0.0;
            foreach (var threads in threadCounts)
            {
                using var embedder = ImageEmbedder.Create((options ?? new EmbedderOptions()) with
                {
                    ModelPath = modelPath,
                    IntraOpThreads = threads,
                    BatchSize = batchSizes[0],
                    InputSize = inputSize,
                    CalibrationImages = options?.Precision == EmbeddingPrecision.Int8 ? CalibrationImages.FromBatch(batch) : null,
                });
                description ??= embedder.PreprocessingDescription;
                var features = new float[images * embedder.FeatureDimension];
                if (preprocessRate == 0)
                    preprocessRate = MeasurePreprocessing(embedder, batch);
                foreach (var size in batchSizes)
                {
                    embedder.SetBatchSize(size);
                    embedder.Embed(new ImageBatch(0, Math.Min(size, images), sourceSize, sourceSize, 3, batch.Pixels), features); // warm-up: first run of a shape allocates
                    double rawSeconds = 0, embedSeconds = 0;
                    for (var round = 0; round < 2; round++)
                    {
                        rawSeconds += Time(() => InferOnly(embedder, batch));
                        embedSeconds += Time(() => embedder.Embed(batch, features));
                    }
                    rows.Add(new EmbedBenchmarkRow(embedder.Model.Height, threads, size, 2 * images / rawSeconds, 2 * images / embedSeconds));
                }
                if (threads == threadCounts[0])
                    preprocessing.Add(new EmbedBenchmarkPreprocessing(embedder.Model.Height, preprocessRate));
            }
        }
        return new EmbedBenchmarkReport(description!, images, sourceSize, preprocessing, rows);
    }

    // Inference of the same batch count and sizes as Embed, with the input preprocessed once beforehand.
    internal static void InferOnly(ImageEmbedder embedder, ImageBatch batch)
    {
        embedder.Preprocess(batch, 0, Math.Min(embedder.BatchSize, batch.Count));
        for (var first = 0; first < batch.Count; first += embedder.BatchSize)
            embedder.Infer(Math.Min(embedder.BatchSize, batch.Count - first));
    }

    // The fastest of ten passes over the batch after a warm-up pass: on a shared machine the slower passes
    // measure the other processes, and the fastest is the closest to the cost on a quiet core.
    private static double MeasurePreprocessing(ImageEmbedder embedder, ImageBatch batch)
    {
        var best = double.MaxValue;
        for (var round = 0; round <= 10; round++)
        {
            var watch = Stopwatch.StartNew();
            for (var first = 0; first < batch.Count; first += embedder.BatchSize)
                embedder.Preprocess(batch, first, Math.Min(embedder.BatchSize, batch.Count - first));
            if (round > 0)
                best = Math.Min(best, watch.Elapsed.TotalSeconds);
        }
        return batch.Count / best;
    }

    internal static double Time(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed.TotalSeconds;
    }
}
