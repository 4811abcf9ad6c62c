using GalaxyActors.Core;
using GalaxyActors.Core.Embedding;
using GalaxyActors.Core.Embedding.Quantization;
using GalaxyActors.Core.Hdf5;
using GalaxyActors.Core.Jobs;
using GalaxyActors.Core.Labels;
using GalaxyActors.Core.Linalg;
using GalaxyActors.Core.Pipeline;

namespace GalaxyActors.Benchmarks;

/// <summary>What <see cref="QualityBenchmark.Run"/> measures on.</summary>
public sealed record QualityBenchmarkOptions
{
    public required string InputPath { get; init; }
    public string ImagesDataset { get; init; } = "images";
    public string LabelsDataset { get; init; } = "ans";

    /// <summary>Label values that are not classes (as --unlabelled); the labels' own attributes add to them.</summary>
    public int[] Unlabelled { get; init; } = [];

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
/// Which embedding and feature preparation cluster galaxies best, and what does a cheaper one cost? Embeds the same
/// labelled images once per embedding (size × precision × TTA × centre crop) through the job's own embed path
/// (<see cref="EmbedPipeline"/>, timed), then scores the features the way the job would use them, once per feature
/// normalisation: 5-fold kNN label accuracy, the job's analysis (<see cref="ClusterAnalysis"/>, PCA → K-means and
/// spectral) at K = label count and at the K each method chooses itself, scored by ARI/NMI on the labelled rows, and
/// the mean cosine to the reference features of the same images. Configurations the embedder cannot build (it throws
/// <see cref="InvalidInputException"/>) are reported as unavailable, never approximated.
/// </summary>
public static class QualityBenchmark
{
    /// <summary>How far below the reference a score may fall and still count as the same quality: 1 point.</summary>
    public const double Tolerance = 0.01;

    /// <param name="onRow">Called as each row is finished (the CLI prints it).</param>
    public static QualityReport Run(QualityBenchmarkOptions options, Action<QualityRow>? onRow = null)
    {
        using var file = GalaxyImageFile.Open(options.InputPath, options.ImagesDataset, labelsDataset: null);
        var count = Math.Min(options.Limit ?? file.Count, file.Count);
        // The job's own labels rule, asked for explicitly: absent labels or fewer than 2 classes are an error.
        var labels = JobLabels.Read(new JobInput
        {
            ImagesPath = options.InputPath,
            ImagesDataset = options.ImagesDataset,
            Labels = new LabelRequest { Dataset = options.LabelsDataset, Unlabelled = options.Unlabelled },
        }, file.Count, count)!;
        var classes = labels.Classes.Length;
        var analysis = new AnalysisOptions { K = classes, Eigenvalues = Math.Max(10, classes + 1), Seed = options.Seed, SliceSize = options.SliceSize };
        analysis.ValidateFor(count);
        var labelled = labels.LabelledRowIndices();
        var classOfLabelled = labelled.Select(r => labels.Values[r]).ToArray();

        var folder = Directory.CreateTempSubdirectory("galaxy-quality-");
        var embedded = new Dictionary<QualityConfiguration, (double ImagesPerSecond, RowMatrix? Features, string? Unavailable)>();
        try
        {
            var reference = Measure(QualityConfiguration.Reference, null);
            var referenceFeatures = embedded[QualityConfiguration.Reference].Features
                ?? throw new InvalidInputException($"The reference configuration {QualityConfiguration.Reference} cannot run: {reference.Unavailable}");
            onRow?.Invoke(reference);
            var rows = new List<QualityRow> { reference };
            foreach (var configuration in options.Configurations.Where(c => c != QualityConfiguration.Reference).Distinct())
            {
                var row = Measure(configuration, referenceFeatures);
                onRow?.Invoke(row);
                rows.Add(row);
            }
            return new QualityReport(count, classes, reference, rows, Choose(rows, reference));
        }
        finally
        {
            folder.Delete(recursive: true);
        }

        QualityRow Measure(QualityConfiguration configuration, RowMatrix? referenceFeatures)
        {
            var key = configuration.Embedding;
            if (!embedded.TryGetValue(key, out var embedding))
                embedded[key] = embedding = Embed(key);
            if (embedding.Features is not { } raw)
                return new QualityRow(configuration, 0, null, embedding.Unavailable);
            var features = new RowMatrix(raw.Rows, raw.Columns, (float[])raw.Data.Clone());
            FeatureNormalization.Apply(configuration.Norm, features);
            var given = ClusterAnalysis.Run(new LocalRowStages(features, options.SliceSize), labels, analysis);
            var automatic = ClusterAnalysis.Run(new LocalRowStages(features, options.SliceSize), labels, analysis with { K = null });
            var scores = new QualityScores(
                KnnClassification.CrossValidatedAccuracy(Rows(features, labelled), classOfLabelled, seed: options.Seed),
                new MethodQuality(given.Metrics.KMeans!.Ari, given.Metrics.KMeans.Nmi, automatic.Elbow.ChosenK,
                    automatic.Metrics.KMeans!.Ari, automatic.Metrics.KMeans.Nmi),
                new MethodQuality(given.Metrics.Spectral!.Ari, given.Metrics.Spectral.Nmi, automatic.SpectralK,
                    automatic.Metrics.Spectral!.Ari, automatic.Metrics.Spectral.Nmi),
                MeanCosine(raw, referenceFeatures ?? raw));
            return new QualityRow(configuration, embedding.ImagesPerSecond, scores, null);
        }

        (double ImagesPerSecond, RowMatrix? Features, string? Unavailable) Embed(QualityConfiguration configuration)
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
                return (0, null, e.Message);
            }
            using (embedder)
            {
                var path = Path.Combine(folder.FullName, $"{configuration}.h5");
                var outcome = EmbedPipeline.Run(file, embedder, path, count, options.SliceSize);
                using var store = FeatureStoreReader.Open(path, "features", null);
                var features = store.ReadAll();
                File.Delete(path);
                return (outcome.ImagesPerSecond, features, null);
            }
        }
    }

    private static RowMatrix Rows(RowMatrix features, int[] rows)
    {
        if (rows.Length == features.Rows) return features;
        var picked = new RowMatrix(rows.Length, features.Columns);
        for (var i = 0; i < rows.Length; i++) features.Row(rows[i]).CopyTo(picked.Row(i));
        return picked;
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
