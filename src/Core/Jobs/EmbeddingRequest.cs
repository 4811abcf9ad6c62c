using GalaxyActors.Core.Embedding;
using GalaxyActors.Core.Embedding.Quantization;

namespace GalaxyActors.Core.Jobs;

/// <summary>
/// How a job's images become features (--model, --tta, --input-size, --precision, --execution-provider,
/// --center-crop). Values are concrete: the command line resolves the measured defaults for the bundled model
/// (<see cref="EmbeddingDefaults"/>) before a request leaves it, so every node embeds with the same settings.
/// </summary>
public sealed record EmbeddingRequest
{
    /// <summary>An ONNX image model; null = the bundled ResNet18.</summary>
    public string? ModelPath { get; init; }

    public TtaMode Tta { get; init; } = TtaMode.None;

    /// <summary>Model input side in pixels; null = the model's own.</summary>
    public int? InputSize { get; init; }

    public EmbeddingPrecision Precision { get; init; } = EmbeddingPrecision.Fp32;

    public ExecutionProviderKind ExecutionProvider { get; init; } = ExecutionProviderKind.Cpu;

    /// <summary>Fraction of the image side kept around the centre before the resize (1 = the whole cutout).</summary>
    public double CenterCrop { get; init; } = EmbeddingDefaults.CenterCrop;

    /// <summary>
    /// The embedder for images of <paramref name="imagesDataset"/> in <paramref name="imagesPath"/> — the one place that
    /// says int8 calibrates on the job's own file (an evenly spaced sample of the whole file, not of a slice, so every
    /// worker builds the byte-identical model); fp32 leaves it unset so equal fp32 options stay equal and share a session.
    /// </summary>
    public EmbedderOptions ToEmbedderOptions(string imagesPath, string imagesDataset) => new()
    {
        ModelPath = ModelPath,
        Tta = Tta,
        InputSize = InputSize,
        Precision = Precision,
        ExecutionProvider = ExecutionProvider,
        CenterCrop = CenterCrop,
        CalibrationImages = Precision == EmbeddingPrecision.Int8 ? CalibrationImages.FromFile(imagesPath, imagesDataset) : null,
    };
}
