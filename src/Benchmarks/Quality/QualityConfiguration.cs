using System.Globalization;
using GalaxyActors.Core.Embedding;
using GalaxyActors.Core.Linalg;

namespace GalaxyActors.Benchmarks;

/// <summary>
/// One way of embedding and preparing features that the quality harness compares: model input size × precision ×
/// test-time augmentation × centre crop (how images become features) × feature normalisation (what PCA sees).
/// </summary>
public sealed record QualityConfiguration(int InputSize, EmbeddingPrecision Precision, TtaMode Tta, double CenterCrop = GalaxyActors.Core.Imaging.CenterCrop.None,
    FeatureNorm Norm = FeatureNorm.None)
{
    /// <summary>What every configuration is measured against: the model as exported (fp32, 224 px, no TTA, no crop, raw features).</summary>
    public static QualityConfiguration Reference { get; } = new(224, EmbeddingPrecision.Fp32, TtaMode.None);

    /// <summary>Embedder options for this configuration; the rest (model, threads, batch) from <paramref name="common"/>.</summary>
    public EmbedderOptions ToEmbedderOptions(EmbedderOptions common) =>
        common with { InputSize = InputSize, Precision = Precision, Tta = Tta, CenterCrop = CenterCrop };

    /// <summary>The same embedding without the feature normalisation (configurations that differ only in it share one embedding).</summary>
    public QualityConfiguration Embedding => this with { Norm = FeatureNorm.None };

    /// <summary>"fp32-224-none", "int8-96-none-crop0.68-sqrt-l2".</summary>
    public override string ToString() =>
        $"{Precision.ToString().ToLowerInvariant()}-{InputSize}-{Tta.ToString().ToLowerInvariant()}"
        + (CenterCrop == GalaxyActors.Core.Imaging.CenterCrop.None ? "" : $"-crop{CenterCrop.ToString(CultureInfo.InvariantCulture)}")
        + (Norm == FeatureNorm.None ? "" : $"-{FeatureNormalization.Name(Norm)}");
}
