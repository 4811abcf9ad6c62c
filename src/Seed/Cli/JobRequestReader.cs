using System.CommandLine;
using GalaxyActors.Core.Embedding;
using GalaxyActors.Core.Pipeline;

namespace GalaxyActors.Seed.Cli;

/// <summary>Turns parsed job options into a <see cref="JobRequest"/>, the one shape every job runner takes.</summary>
public static class JobRequestReader
{
    public static JobRequest Read(ParseResult parse, JobOptionSet job, string? inputPath, string? featuresPath, string outputDirectory)
    {
        var model = parse.GetValue(job.Model);
        var provider = EmbeddingOptionValues.ParseExecutionProvider(parse.GetValue(job.ExecutionProvider) ?? "cpu");
        return new JobRequest
        {
            InputPath = inputPath,
            FeaturesPath = featuresPath,
            OutputDirectory = outputDirectory,
            ImagesDataset = parse.GetValue(job.ImagesDataset) ?? "images", // commands without image input lack the option
            // A labels dataset the user did not name falls back to the input kind's default, and its absence is no error.
            LabelsDataset = IsGiven(parse, job.LabelsDataset) ? parse.GetValue(job.LabelsDataset) : null,
            LabelsPath = parse.GetValue(job.Labels),
            FeaturesDataset = parse.GetValue(job.FeaturesDataset) ?? "features",
            ModelPath = model,
            Tta = EmbeddingOptionValues.ParseTta(parse.GetValue(job.Tta) ?? "none"),
            InputSize = EmbeddingDefaults.InputSizeFor(parse.GetValue(job.InputSize), model),
            Precision = EmbeddingOptionValues.ResolvePrecision(parse.GetValue(job.Precision), model, provider),
            ExecutionProvider = provider,
            Limit = parse.GetValue(job.Limit),
            Analysis = job.ReadAnalysis(parse),
        };
    }

    private static bool IsGiven(ParseResult parse, Option option) => parse.GetResult(option) is { Implicit: false };
}
