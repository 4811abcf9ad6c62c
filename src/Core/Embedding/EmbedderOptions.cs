namespace GalaxyActors.Core.Embedding;

/// <summary>How to build an <see cref="ImageEmbedder"/>.</summary>
public sealed record EmbedderOptions
{
    /// <summary>Batch size chosen by <see cref="EmbedBenchmark"/> on the 2-core development machine (see the report).</summary>
    public const int DefaultBatchSize = 8;

    /// <summary>An ONNX image model; null = the bundled ML.NET ResNet18 with its ResNetPreprocess pixel transform.</summary>
    public string? ModelPath { get; init; }

    /// <summary>
    /// A ResNetPreprocess-style ONNX model (channel reorder + mean image) to take the pixel transform from.
    /// Null = ResNetPreprocess.onnx for the bundled ResNet18 (also when <see cref="ModelPath"/> names it),
    /// the ImageNet standard (x/255, per-channel mean/std) for any other model.
    /// </summary>
    public string? PreprocessModelPath { get; init; }

    /// <summary>ONNX Runtime intra-op threads for one inference.</summary>
    public int IntraOpThreads { get; init; } = 2;

    /// <summary>Images per inference call.</summary>
    public int BatchSize { get; init; } = DefaultBatchSize;

    /// <summary>Test-time augmentation.</summary>
    public TtaMode Tta { get; init; } = TtaMode.None;
}
