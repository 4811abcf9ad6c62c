using System.Diagnostics;
using GalaxyActors.Core.Embedding;
using GalaxyActors.Core.Imaging;
using GalaxyActors.Core.Hdf5;
using GalaxyActors.Core.Morphology;

namespace GalaxyActors.Benchmarks.Morphology;

/// <summary>What the morphology costs beside the embedding of the same images.</summary>
/// <param name="MeterMicroseconds">Microseconds per image of <see cref="MorphologyMeter"/> on one thread (best of the passes per image).</param>
/// <param name="EmbedMicroseconds">Wall microseconds per image of <see cref="ImageEmbedder.Embed"/> with the job's default embedding, on <paramref name="Threads"/> intra-op threads.</param>
public sealed record MorphologyCost(int Images, double MeterMicroseconds, double EmbedMicroseconds, int Threads, string Embedding)
{
    /// <summary>The meter's time over the embedding's wall time (what it adds if it ran in series).</summary>
    public double OfEmbedWall => MeterMicroseconds / EmbedMicroseconds;

    /// <summary>The meter's CPU time over the embedding's CPU time (wall × threads): what it takes from the cores.</summary>
    public double OfEmbedCpu => MeterMicroseconds / (EmbedMicroseconds * Threads);
}

/// <summary>
/// Cost of <see cref="MorphologyMeter"/> on the first images of a file (the command renders a synthetic Galaxy10-like
/// sample when given none): measured once to warm up, then each image timed in <see cref="Passes"/> passes with its fastest time kept (so time
/// lost to other processes on a shared machine drops out); then the embedding of the same images, for the ratio.
/// </summary>
public static class MorphologyBenchmark
{
    public const int Passes = 7;

    /// <param name="embedding">The embedding to compare with (a job's, calibrating int8 on this file).</param>
    public static MorphologyCost Run(string imagesPath, string imagesDataset, int images, EmbedderOptions embedding)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(images, 1);
        ImageBatch batch;
        using (var file = GalaxyImageFile.Open(imagesPath, imagesDataset, labelsDataset: null))
            batch = file.ReadImages(0, Math.Min(images, file.Count));
        images = batch.Count;
        var meter = MeterMicroseconds(batch);

        using var embedder = ImageEmbedder.Create(embedding);
        var features = new float[(long)images * embedder.FeatureDimension];
        embedder.Embed(batch, features); // warm-up (and int8 calibration, when asked)
        var best = double.PositiveInfinity;
        for (var pass = 0; pass < 3; pass++)
        {
            var start = Stopwatch.GetTimestamp();
            embedder.Embed(batch, features);
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalMicroseconds / images);
        }
        var described = $"{embedder.Model.Name}, {embedding.Precision.ToString().ToLowerInvariant()}, {embedding.InputSize?.ToString() ?? "model's"} px, crop {embedding.CenterCrop}";
        return new MorphologyCost(images, meter, best, embedding.IntraOpThreads, described);
    }

    /// <summary>Microseconds per image of the meter on one thread.</summary>
    public static double MeterMicroseconds(ImageBatch batch)
    {
        var meter = new MorphologyMeter(batch.Height, batch.Width, batch.Channels);
        var columns = MorphologyQuantities.Count;
        var rows = new float[batch.Count * columns];
        meter.Measure(batch, rows); // warm-up: JIT tiers and caches
        var best = new double[batch.Count];
        Array.Fill(best, double.PositiveInfinity);
        for (var pass = 0; pass < Passes; pass++)
            for (var i = 0; i < batch.Count; i++)
            {
                var start = Stopwatch.GetTimestamp();
                meter.Measure(batch.Image(i), rows.AsSpan(i * columns, columns));
                best[i] = Math.Min(best[i], Stopwatch.GetElapsedTime(start).TotalMicroseconds);
            }
        return best.Sum() / batch.Count;
    }
}
