using GalaxyActors.Core.Embedding;
using GalaxyActors.Core.Embedding.Quantization;

namespace GalaxyActors.Core.Pipeline;

/// <summary>
/// One job as a user asks for it: images to embed (or a feature store to start from), where the
/// results go, and the options. The same request runs in one process or on the cluster.
/// </summary>
public sealed record JobRequest
{
    /// <summary>HDF5 images in the Galaxy10 layout; exactly one of this and <see cref="FeaturesPath"/>.</summary>
    public string? InputPath { get; init; }

    /// <summary>A feature store from an earlier job (skips embedding).</summary>
    public string? FeaturesPath { get; init; }

    public required string OutputDirectory { get; init; }
    public string ImagesDataset { get; init; } = "images";

    /// <summary>Labels dataset: in the input (or in <see cref="LabelsPath"/> when given); null means the default for the input kind.</summary>
    public string? LabelsDataset { get; init; }

    public string? LabelsPath { get; init; }
    public string FeaturesDataset { get; init; } = "features";
    public string? ModelPath { get; init; }
    public TtaMode Tta { get; init; } = TtaMode.None;

    /// <summary>Model input side in pixels; null = the model's own.</summary>
    public int? InputSize { get; init; }

    public EmbeddingPrecision Precision { get; init; } = EmbeddingPrecision.Fp32;
    public ExecutionProviderKind ExecutionProvider { get; init; } = ExecutionProviderKind.Cpu;
    public int? Limit { get; init; }
    public AnalysisOptions Analysis { get; init; } = new();

    /// <summary>Labels dataset of image files when none is named (Galaxy10's).</summary>
    public const string DefaultImageLabels = "ans";

    /// <summary>Labels dataset of feature stores when none is named (what our feature store writes).</summary>
    public const string DefaultFeatureLabels = "labels";

    public void Validate()
    {
        if ((InputPath == null) == (FeaturesPath == null))
            throw new InvalidInputException("Give exactly one input: --input FILE.h5 (images) or --features FILE.h5 (a feature store).");
        if (string.IsNullOrWhiteSpace(OutputDirectory))
            throw new InvalidInputException("--out: an output folder is required.");
        if (Limit is < 1)
            throw new InvalidInputException($"--limit {Limit}: must be at least 1.");
        if (InputSize is < EmbedderOptions.MinimumInputSize)
            throw new InvalidInputException($"--input-size {InputSize}: must be at least {EmbedderOptions.MinimumInputSize} pixels.");
        ExecutionProviders.Validate(Precision, ExecutionProvider);
        Analysis.Validate();
    }

    /// <summary>How this job's images are embedded (one place, so every runner builds the same embedder).</summary>
    public EmbedderOptions ToEmbedderOptions() => new()
    {
        ModelPath = ModelPath,
        Tta = Tta,
        InputSize = InputSize,
        Precision = Precision,
        ExecutionProvider = ExecutionProvider,
        // int8 calibrates on the job's own images; fp32 leaves it unset so equal fp32 options stay equal.
        CalibrationImages = Precision == EmbeddingPrecision.Int8 && InputPath is not null ? CalibrationImages.FromFile(InputPath, ImagesDataset) : null,
    };
}
