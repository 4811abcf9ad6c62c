using GalaxyActors.Core.Embedding;
using GalaxyActors.Core.Embedding.Quantization;
using GalaxyActors.Core.Hdf5;
using GalaxyActors.Core.Jobs;
using GalaxyActors.Core.Linalg;
using GalaxyActors.Core.Pipeline;

namespace GalaxyActors.Core.Benchmarks;

/// <summary>What <see cref="QualityBenchmark.Run"/> measures on.</summary>
public sealed record QualityBenchmarkOptions
{
    public required string InputPath { get; init; }
    public string ImagesDataset { get; init; } = "images";
    public string LabelsDataset { get; init; } = "ans";

    /// <summary>Use only the first N images; null = all.</summary>
    public int? Limit { get; init; }

    /// <summary>Configurations to compare (the reference fp32-224-none is always measured too).</summary>
    public required IReadOnlyList<QualityConfiguration> Configurations { get; init; }

    /// <summary>Model, threads and batch shared by every configuration.</summary>
    public EmbedderOptions Embedder { get; init; } = new();

    /// <summary>Seed of the kNN folds and of the clusterings.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Rows per slice of the embed path and the analysis.</summary>
    public int SliceSize { get; init; } = 512;
}

/// <summary>
/// Does a cheaper embedding cost cluster quality? Embeds the same labelled images once per configuration
/// through the job's own embed path (<see cref="EmbedPipeline"/>, timed), then scores the features the way
/// the job would use them: 5-fold kNN label accuracy, the job's analysis (<see cref="ClusterAnalysis"/>,
/// PCA → K-means and spectral at K = label count) scored by ARI/NMI, and the mean cosine to the
/// reference features of the same images. Configurations the embedder cannot build (it throws
/// <see cref="InvalidInputException"/>) are reported as unavailable, never approximated.
/// </summary>
public static class QualityBenchmark
{
    /// <summary>How far below the reference a score may fall and still count as the same quality: 1 point.</summary>
    public const double Tolerance = 0.01;

    /// <param name="onRow">Called as each row is finished (the CLI prints it).</param>
    public static QualityReport Run(QualityBenchmarkOptions options, Action<QualityRow>? onRow = null)
    {
        using var file = GalaxyImageFile.Open(options.InputPath, options.ImagesDataset, options.LabelsDataset, labelsRequired: true);
        var count = Math.Min(options.Limit ?? file.Count, file.Count);
        var labels = file.ReadLabels(0, count);
        var classes = labels.Distinct().Count();
        if (classes < 2)
            throw new InvalidInputException($"{options.InputPath}: dataset '{options.LabelsDataset}' has {classes} distinct label(s) in the first {count} images; the quality harness needs at least 2.");
        var analysis = new AnalysisOptions { K = classes, Eigenvalues = Math.Max(10, classes), Seed = options.Seed, SliceSize = options.SliceSize };
        analysis.ValidateFor(count);

        var folder = Directory.CreateTempSubdirectory("galaxy-quality-");
        try
        {
            var (reference, referenceFeatures) = Measure(QualityConfiguration.Reference, null);
            if (referenceFeatures is null)
                throw new InvalidInputException($"The reference configuration {QualityConfiguration.Reference} cannot run: {reference.Unavailable}");
            onRow?.Invoke(reference);
            var rows = new List<QualityRow> { reference };
            foreach (var configuration in options.Configurations.Where(c => c != QualityConfiguration.Reference).Distinct())
            {
                var (row, _) = Measure(configuration, referenceFeatures);
                onRow?.Invoke(row);
                rows.Add(row);
            }
            return new QualityReport(count, classes, reference, rows, Choose(rows, reference));
        }
        finally
        {
            folder.Delete(recursive: true);
        }

        (QualityRow Row, RowMatrix? Features) Measure(QualityConfiguration configuration, RowMatrix? referenceFeatures)
        {
            ImageEmbedder embedder;
            try
            {
                // int8 calibrates on the input file, as a job embedding that file does.
                var embedderOptions = configuration.ToEmbedderOptions(options.Embedder);
                if (configuration.Precision == EmbeddingPrecision.Int8)
                    embedderOptions = embedderOptions with { CalibrationImages = CalibrationImages.FromFile(options.InputPath, options.ImagesDataset) };
                embedder = ImageEmbedder.Create(embedderOptions);
            }
            catch (InvalidInputException e)
            {
                return (new QualityRow(configuration, 0, null, e.Message), null);
            }
            RowMatrix features;
            EmbedOutcome outcome;
            using (embedder)
            {
                var path = Path.Combine(folder.FullName, $"{configuration}.h5");
                outcome = EmbedPipeline.Run(file, embedder, path, count, options.SliceSize);
                using var store = FeatureStoreReader.Open(path, "features", null);
                features = store.ReadAll();
                File.Delete(path);
            }
            var result = ClusterAnalysis.Run(features, labels, analysis);
            var scores = new QualityScores(
                KnnClassification.CrossValidatedAccuracy(features, labels, seed: options.Seed),
                result.Metrics.KMeans!.Ari, result.Metrics.KMeans.Nmi,
                result.Metrics.Spectral!.Ari, result.Metrics.Spectral.Nmi,
                MeanCosine(features, referenceFeatures ?? features));
            return (new QualityRow(configuration, outcome.ImagesPerSecond, scores, null), features);
        }
    }

    /// <summary>
    /// The rule of issue 7: the fastest available row whose kNN accuracy, K-means ARI and spectral ARI are each
    /// at most <see cref="Tolerance"/> below the reference's (better is fine). The reference itself always qualifies.
    /// </summary>
    public static QualityRow Choose(IReadOnlyList<QualityRow> rows, QualityRow reference)
    {
        var bar = reference.Scores ?? throw new ArgumentException("The reference row has no scores.", nameof(reference));
        return rows.Where(r => r.Scores is { } s
                               && s.KnnAccuracy >= bar.KnnAccuracy - Tolerance
                               && s.KMeansAri >= bar.KMeansAri - Tolerance
                               && s.SpectralAri >= bar.SpectralAri - Tolerance)
                   .Append(reference)
                   .MaxBy(r => r.ImagesPerSecond)!;
    }

    /// <summary>Mean over rows of cos(a_i, b_i), in double; a zero row against a zero row counts as 1.</summary>
    public static double MeanCosine(RowMatrix a, RowMatrix b)
    {
        if (a.Rows != b.Rows || a.Columns != b.Columns)
            throw new ArgumentException($"Feature matrices {a.Rows}×{a.Columns} and {b.Rows}×{b.Columns} differ in shape.");
        double sum = 0;
        for (var i = 0; i < a.Rows; i++)
            sum += FeatureCosine.Of(a.Row(i), b.Row(i));
        return sum / a.Rows;
    }
}
