namespace GalaxyActors.Core.Embedding;

/// <summary>Numeric precision the model runs in.</summary>
public enum EmbeddingPrecision
{
    /// <summary>The model as shipped: 32-bit float weights and activations.</summary>
    Fp32,

    /// <summary>Static 8-bit quantization (QDQ), calibrated on the job's own images.</summary>
    Int8,
}
