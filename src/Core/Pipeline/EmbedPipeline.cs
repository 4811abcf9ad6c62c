using System.Diagnostics;
using GalaxyActors.Core.Embedding;
using GalaxyActors.Core.Hdf5;
using GalaxyActors.Core.Labels;
using GalaxyActors.Core.Morphology;

namespace GalaxyActors.Core.Pipeline;

/// <summary>What an embedding run produced and how long its parts took.</summary>
/// <param name="MorphologySeconds">Measuring the images' morphology, on the reading thread (beside inference, so mostly hidden).</param>
public sealed record EmbedOutcome(string FeaturesPath, int Images, int FeatureDimension, string ModelName, double ReadSeconds, double EmbedSeconds, double TotalSeconds,
    double MorphologySeconds)
{
    public double ImagesPerSecond => TotalSeconds > 0 ? Images / TotalSeconds : 0;
}

/// <summary>
/// Read → embed → store in one process (`galaxy embed`, and the unit the cluster distributes):
/// slices of the input are read as hyperslabs, embedded in batches, and written to the feature
/// store as they finish. The next slice is read — and its morphology measured (<see cref="MorphologyMeter"/>) — while the
/// current one is embedded, so reading and measuring hide behind inference instead of adding to it.
/// </summary>
public static class EmbedPipeline
{
    public const string Phase = "embed";

    /// <param name="labels">Labels to store beside the features (with their names), one per embedded image; null = none.</param>
    public static EmbedOutcome Run(GalaxyImageFile input, ImageEmbedder embedder, string featuresPath, int? limit, int sliceSize,
        LabelSet? labels = null, IProgress<PhaseProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sliceSize, 1);
        var count = Math.Min(limit ?? input.Count, input.Count);
        OutputPaths.EnsureParentDirectory(featuresPath);
        if (labels != null && labels.Count != count)
            throw new ArgumentException($"{labels.Count} labels for the {count} images embedded.", nameof(labels));
        var attributes = new FeatureStoreAttributes(Path.GetFullPath(input.Path), input.ImagesDataset, embedder.Model.Name,
            embedder.FeatureDimension, embedder.PreprocessingDescription);

        var total = Stopwatch.StartNew();
        var readTime = TimeSpan.Zero;
        var embedTime = TimeSpan.Zero;
        var morphologyTime = TimeSpan.Zero;
        using var store = FeatureStoreWriter.Create(featuresPath, count, embedder.FeatureDimension, attributes, labels, morphology: true);
        var features = new float[Math.Min(sliceSize, count) * embedder.FeatureDimension];
        // One reader task at a time, so one meter (and its scratch) serves them all.
        var meter = new MorphologyMeter(input.Height, input.Width, input.Channels);

        Task<(Imaging.ImageBatch Batch, float[] Morphology, TimeSpan Took, TimeSpan Measured)> ReadAsync(int start) => Task.Run(() =>
        {
            var watch = Stopwatch.StartNew();
            var batch = input.ReadImages(start, Math.Min(sliceSize, count - start));
            var read = watch.Elapsed;
            var morphology = new float[batch.Count * MorphologyQuantities.Count];
            meter.Measure(batch, morphology);
            return (batch, morphology, read, watch.Elapsed - read);
        }, cancellation);

        var pending = ReadAsync(0);
        for (var start = 0; start < count; start += sliceSize)
        {
            var (batch, morphology, took, measured) = pending.GetAwaiter().GetResult();
            readTime += took;
            morphologyTime += measured;
            if (start + sliceSize < count) pending = ReadAsync(start + sliceSize);
            cancellation.ThrowIfCancellationRequested();

            var watch = Stopwatch.StartNew();
            var slice = features.AsSpan(0, batch.Count * embedder.FeatureDimension);
            embedder.Embed(batch, slice);
            embedTime += watch.Elapsed;
            store.WriteRows(start, slice);
            store.WriteMorphology(start, morphology);
            progress?.Report(new PhaseProgress(Phase, start + batch.Count, count));
        }
        store.Complete();
        return new EmbedOutcome(featuresPath, count, embedder.FeatureDimension, embedder.Model.Name,
            readTime.TotalSeconds, embedTime.TotalSeconds, total.Elapsed.TotalSeconds, morphologyTime.TotalSeconds);
    }
}
