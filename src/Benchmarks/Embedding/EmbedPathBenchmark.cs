using System.Diagnostics;
using GalaxyActors.Core.Embedding;
using GalaxyActors.Core.Embedding.Quantization;
using GalaxyActors.Core.Hdf5;
using GalaxyActors.Core.Pipeline;

namespace GalaxyActors.Benchmarks;

/// <summary>The whole embed path from an HDF5 file (read, preprocess, infer, store) against reading alone.</summary>
public sealed record EmbedPathReport(int Images, int BatchSize, int Threads, double ReadImagesPerSecond, double PathImagesPerSecond, double ReadSecondsHidden, int? InputSize = null);

/// <summary>
/// Times `galaxy embed`'s real path on a rendered sample file, so the reader and the feature store
/// are in the figure, not only the model.
/// </summary>
public static class EmbedPathBenchmark
{
    /// <param name="options">Input size, precision, execution provider and cache of the embedder timed; null = fp32 on the CPU at the model's own size.</param>
    public static EmbedPathReport Run(int images, int batchSize, int threads, int sliceSize = 512, EmbedderOptions? options = null)
    {
        var folder = Directory.CreateTempSubdirectory("galaxy-bench-");
        try
        {
            var input = Path.Combine(folder.FullName, "sample.h5");
            SampleFile.Make(input, images, seed: 1);
            using var file = GalaxyImageFile.Open(input);

            var watch = Stopwatch.StartNew();
            for (var start = 0; start < images; start += sliceSize)
                file.ReadImages(start, Math.Min(sliceSize, images - start));
            var readRate = images / watch.Elapsed.TotalSeconds;

            using var embedder = ImageEmbedder.Create((options ?? new EmbedderOptions()) with
            {
                BatchSize = batchSize,
                IntraOpThreads = threads,
                CalibrationImages = options?.Precision == EmbeddingPrecision.Int8 ? CalibrationImages.FromFile(input) : null,
            });
            var outcome = EmbedPipeline.Run(file, embedder, Path.Combine(folder.FullName, "features.h5"), null, sliceSize);
            return new EmbedPathReport(images, batchSize, threads, readRate, outcome.ImagesPerSecond, outcome.ReadSeconds, options?.InputSize);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
