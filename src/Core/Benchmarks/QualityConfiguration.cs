using GalaxyActors.Core.Embedding;

namespace GalaxyActors.Core.Benchmarks;

/// <summary>One way of embedding that the quality harness compares: model input size × precision × test-time augmentation.</summary>
public sealed record QualityConfiguration(int InputSize, EmbeddingPrecision Precision, TtaMode Tta)
{
    /// <summary>What every configuration is measured against: the model as exported (fp32, 224 px, no TTA).</summary>
    public static QualityConfiguration Reference { get; } = new(224, EmbeddingPrecision.Fp32, TtaMode.None);

    /// <summary>Embedder options for this configuration; the rest (model, threads, batch) from <paramref name="common"/>.</summary>
    public EmbedderOptions ToEmbedderOptions(EmbedderOptions common) =>
        common with { InputSize = InputSize, Precision = Precision, Tta = Tta };

    /// <summary>"fp32-224-none".</summary>
    public override string ToString() => $"{Precision.ToString().ToLowerInvariant()}-{InputSize}-{Tta.ToString().ToLowerInvariant()}";
}
