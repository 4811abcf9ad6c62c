using System.CommandLine;
using System.Globalization;
using GalaxyActors.Core;
using GalaxyActors.Core.Embedding;
using GalaxyActors.Core.Graph;
using GalaxyActors.Core.Jobs;
using GalaxyActors.Core.Linalg;

namespace GalaxyActors.Seed.Cli;

/// <summary>
/// Turns parsed job options into a <see cref="JobRequest"/>, the one shape every job runner takes: words become the
/// library's values, the measured defaults for the bundled model are resolved here (so every node embeds alike), and
/// the request is checked by the model's own rules.
/// </summary>
public static class JobRequestReader
{
    public static JobRequest Read(ParseResult parse, JobOptionSet job, string? imagesPath, string? featuresPath, string outputDirectory)
    {
        var model = parse.GetValue(job.Model);
        var provider = EmbeddingOptionValues.ParseExecutionProvider(parse.GetValue(job.ExecutionProvider) ?? "cpu");
        var request = new JobRequest
        {
            Input = new JobInput
            {
                ImagesPath = imagesPath,
                FeaturesPath = featuresPath,
                ImagesDataset = parse.GetValue(job.ImagesDataset) ?? JobInput.DefaultImagesDataset, // commands without image input lack the option
                FeaturesDataset = parse.GetValue(job.FeaturesDataset) ?? JobInput.DefaultFeaturesDataset,
                Limit = parse.GetValue(job.Limit),
                Labels = ReadLabels(parse, job),
            },
            Embedding = new EmbeddingRequest
            {
                ModelPath = model,
                Tta = EmbeddingOptionValues.ParseTta(parse.GetValue(job.Tta) ?? "none"),
                InputSize = EmbeddingDefaults.InputSizeFor(parse.GetValue(job.InputSize), model),
                Precision = EmbeddingOptionValues.ResolvePrecision(parse.GetValue(job.Precision), model, provider),
                ExecutionProvider = provider,
                CenterCrop = ValueOr(parse, job.CenterCrop, EmbeddingDefaults.CenterCrop),
            },
            Analysis = ReadAnalysis(parse, job),
            OutputDirectory = outputDirectory,
        };
        request.Validate();
        return request;
    }

    public static LabelRequest ReadLabels(ParseResult parse, JobOptionSet job) => new()
    {
        Path = parse.GetValue(job.Labels),
        Dataset = parse.GetValue(job.LabelsDataset),
        Unlabelled = ParseIntegers(parse.GetValue(job.Unlabelled), "--unlabelled"),
    };

    /// <summary>The analysis options the command has; those it lacks (`embed` has only the slice size) keep the model's defaults.</summary>
    public static AnalysisOptions ReadAnalysis(ParseResult parse, JobOptionSet job)
    {
        var defaults = new AnalysisOptions();
        return new AnalysisOptions
        {
            Variance = ValueOr(parse, job.Variance, defaults.Variance),
            K = Has(parse, job.K) ? ParseK(parse.GetValue(job.K)!) : defaults.K,
            KMax = ValueOr(parse, job.KMax, defaults.KMax),
            NInit = ValueOr(parse, job.NInit, defaults.NInit),
            Neighbors = ValueOr(parse, job.Neighbors, defaults.Neighbors),
            Knn = Has(parse, job.Knn) ? KnnMethods.Parse(parse.GetValue(job.Knn)!) : defaults.Knn,
            Eigenvalues = ValueOr(parse, job.Eigenvalues, defaults.Eigenvalues),
            FeatureNorm = Has(parse, job.FeatureNorm) ? FeatureNormalization.Parse(parse.GetValue(job.FeatureNorm)!) : defaults.FeatureNorm,
            SliceSize = ValueOr(parse, job.SliceSize, defaults.SliceSize),
            Seed = ValueOr(parse, job.Seed, defaults.Seed),
        };
    }

    private static T ValueOr<T>(ParseResult parse, Option<T> option, T fallback) => Has(parse, option) ? parse.GetValue(option)! : fallback;

    // Commands lack the options that do not concern them (`cluster` the embedding ones, `embed` the analysis ones); an
    // absent option reads as its type's zero, so it must take the model's default instead.
    private static bool Has(ParseResult parse, Option option) => parse.CommandResult.Command.Options.Contains(option);

    private static int? ParseK(string text)
    {
        if (text.Equals("auto", StringComparison.OrdinalIgnoreCase)) return null;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var k)) return k;
        throw new InvalidInputException($"--k {InputText.Brief(text)}: expected 'auto' or a whole number ≥ 1.");
    }

    /// <summary>"255" or "255,-1" as integers; null or blank = none.</summary>
    public static int[] ParseIntegers(string? text, string option)
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var values = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out values[i]))
                throw new InvalidInputException($"{option} {InputText.Brief(text)}: expected whole numbers separated by commas.");
        return values;
    }
}
