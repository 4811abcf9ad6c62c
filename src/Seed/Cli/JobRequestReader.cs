using System.CommandLine;
using System.Globalization;
using GalaxyActors.Core;
using GalaxyActors.Core.Embedding;
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
                CenterCrop = Has(parse, job.CenterCrop) ? parse.GetValue(job.CenterCrop) : EmbeddingDefaults.CenterCrop,
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

    public static AnalysisOptions ReadAnalysis(ParseResult parse, JobOptionSet job) => new()
    {
        Variance = parse.GetValue(job.Variance),
        K = ParseK(parse.GetValue(job.K)!),
        KMax = parse.GetValue(job.KMax),
        NInit = parse.GetValue(job.NInit),
        Neighbors = parse.GetValue(job.Neighbors),
        Eigenvalues = parse.GetValue(job.Eigenvalues),
        FeatureNorm = FeatureNormalization.Parse(parse.GetValue(job.FeatureNorm)!),
        SliceSize = parse.GetValue(job.SliceSize),
        Seed = parse.GetValue(job.Seed),
    };

    // Commands without image input (`cluster`) lack the embedding options; an absent option reads as its type's zero.
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
