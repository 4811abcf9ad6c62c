namespace GalaxyActors.Core.Embedding;

/// <summary>
/// The embedding configuration a job uses when the user names none, for the bundled ResNet18. Chosen with
/// `galaxy bench quality` by the rule of issue 7: the fastest configuration whose 5-fold kNN accuracy and K-means and
/// spectral ARIs are all within 1 point of fp32 at 224 px on labelled data (docs/BENCHMARKS.md, "Choice of the
/// default"). int8 at 96 px kept all three on the synthetic samples at about 4× the fp32-224 embed rate; 72 px was
/// faster still but lost 2 points of kNN accuracy on one sample. Re-run the harness on real labelled data (Galaxy10)
/// before trusting it there. The library's own defaults (<see cref="EmbedderOptions"/>) stay the model as shipped;
/// a user's --model gets fp32 at its own size unless told otherwise (its graph may not take other sizes or int8).
/// </summary>
public static class EmbeddingDefaults
{
    /// <summary>Input side for the bundled model.</summary>
    public const int BundledInputSize = 96;

    /// <summary>Precision for the bundled model.</summary>
    public const EmbeddingPrecision BundledPrecision = EmbeddingPrecision.Int8;

    /// <summary>
    /// Centre crop of every job (any model: it is about how the survey frames its galaxies, not about the model):
    /// 0.68 of the side, 47 of Galaxy10's 69 px, the framing Galaxy Zoo's CNNs use (Dieleman et al. 2015 crop ~45 px of
    /// this framing). Chosen with `galaxy bench quality` on the framed synthetic samples and the held-out real set's
    /// figures (docs/BENCHMARKS.md, "Framing, normalisation and automatic K").
    /// </summary>
    public const double CenterCrop = 0.68;

    /// <summary>The input size to use: the one given, else the default for the bundled model, else the model's own (null).</summary>
    public static int? InputSizeFor(int? given, string? modelPath) => given ?? (modelPath is null ? BundledInputSize : null);

    /// <summary>
    /// The precision to use: the one given, else the default for the bundled model on the CPU, else fp32 (ONNX
    /// Runtime's CUDA provider has no fused int8 convolutions, so fp32 is the GPU's precision).
    /// </summary>
    public static EmbeddingPrecision PrecisionFor(EmbeddingPrecision? given, string? modelPath, ExecutionProviderKind provider) =>
        given ?? (modelPath is null && provider == ExecutionProviderKind.Cpu ? BundledPrecision : EmbeddingPrecision.Fp32);
}
