namespace GalaxyActors.Messages.Jobs;

/// <summary>Test-time augmentation applied when embedding: none, or the mean over the 8 dihedral transforms.</summary>
public enum TtaMode : byte
{
    None = 0,
    Dihedral = 1,
}

/// <summary>Numeric precision of the embedding model.</summary>
public enum Precision : byte
{
    Fp32 = 0,
    Int8 = 1,
}

/// <summary>ONNX Runtime execution provider for the embedding model.</summary>
public enum ExecutionProvider : byte
{
    Cpu = 0,
    Cuda = 1,
}

/// <summary>
/// Everything a job needs, as given on the command line (DESIGN.md §3 "job options"). Paths are as seen by the
/// cluster's nodes (shared volume), never file contents: nodes read the data themselves.
/// Exactly one of <see cref="InputPath"/> (images) and <see cref="FeaturesPath"/> (a feature store) is set.
/// </summary>
public sealed record JobSpec(
    string? InputPath,
    string ImagesDataset,
    string? LabelsDataset,
    string? LabelsPath,
    string? FeaturesPath,
    string FeaturesDataset,
    string OutDir,
    string? ModelPath,
    double Variance,
    int? K,
    int KMax,
    int Neighbors,
    int Eigenvalues,
    int SliceSize,
    int? Limit,
    int Seed,
    TtaMode Tta,
    int NInit = JobSpec.DefaultNInit,
    int? InputSize = null,
    Precision Precision = Precision.Fp32,
    ExecutionProvider ExecutionProvider = ExecutionProvider.Cpu)
{
    /// <summary>K-means restarts per K when none is given (scikit-learn's n_init).</summary>
    public const int DefaultNInit = 10;

    /// <summary>Smallest model input side (ResNet-style models downsample by 32).</summary>
    public const int MinimumInputSize = 32;

    /// <summary>The defaults DESIGN.md §1 gives, for a job reading <paramref name="inputPath"/> into <paramref name="outDir"/>.</summary>
    public static JobSpec ForImages(string inputPath, string outDir) => new(
        InputPath: inputPath, ImagesDataset: "images", LabelsDataset: "ans", LabelsPath: null,
        FeaturesPath: null, FeaturesDataset: "features", OutDir: outDir, ModelPath: null,
        Variance: 0.9, K: null, KMax: 14, Neighbors: 10, Eigenvalues: 10, SliceSize: 512,
        Limit: null, Seed: 42, Tta: TtaMode.None, NInit: DefaultNInit);

    /// <summary>
    /// The problems that make this spec unusable, each naming the option; empty when it is valid. Checked at the edge
    /// (the coordinator rejects a job with these) so a bad job never reaches the workers. File existence is not checked
    /// here: only the nodes that share the volume can tell.
    /// </summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        bool hasInput = !string.IsNullOrWhiteSpace(InputPath), hasFeatures = !string.IsNullOrWhiteSpace(FeaturesPath);
        if (hasInput == hasFeatures) problems.Add("exactly one of --input and --features must be given");
        if (string.IsNullOrWhiteSpace(OutDir)) problems.Add("--out is required");
        if (hasInput && string.IsNullOrWhiteSpace(ImagesDataset)) problems.Add("--images-dataset must not be empty");
        if (hasFeatures && string.IsNullOrWhiteSpace(FeaturesDataset)) problems.Add("--features-dataset must not be empty");
        if (!(Variance > 0 && Variance <= 1)) problems.Add($"--variance must be in (0, 1], got {Variance}");
        if (KMax < 1) problems.Add($"--k-max must be at least 1, got {KMax}");
        if (K is { } k && (k < 1 || k > KMax)) problems.Add($"--k must be in 1..{KMax} (--k-max), got {k}");
        if (Neighbors < 1) problems.Add($"--neighbors must be at least 1, got {Neighbors}");
        if (Eigenvalues < 2) problems.Add($"--eigenvalues must be at least 2, got {Eigenvalues}");
        if (SliceSize < 1) problems.Add($"--slice-size must be at least 1, got {SliceSize}");
        if (NInit < 1) problems.Add($"--n-init must be at least 1, got {NInit}");
        if (Limit is { } limit && limit < 1) problems.Add($"--limit must be at least 1, got {limit}");
        if (InputSize is { } size && size < MinimumInputSize) problems.Add($"--input-size must be at least {MinimumInputSize}, got {size}");
        return problems;
    }
}
