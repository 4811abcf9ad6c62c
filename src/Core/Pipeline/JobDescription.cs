namespace GalaxyActors.Core.Pipeline;

/// <summary>What a job ran on and how, for summary.json: the input, the model and the execution.</summary>
public sealed record JobDescription
{
    public required string InputPath { get; init; }
    public string? ImagesDataset { get; init; }
    public string? FeaturesDataset { get; init; }
    public required int Images { get; init; }
    public required string ModelName { get; init; }
    public required int FeatureDimension { get; init; }
    public string? Preprocessing { get; init; }

    /// <summary>Worker nodes that ran the job (1 for a single process).</summary>
    public int Workers { get; init; } = 1;

    public required int Slices { get; init; }
}
