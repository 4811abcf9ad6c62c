using System.CommandLine;
using GalaxyActors.Core;
using GalaxyActors.Core.Embedding;
using GalaxyActors.Core.Pipeline;

namespace GalaxyActors.Seed.Cli;

/// <summary>
/// The job options every job-running command shares (DESIGN.md §3), defined once so that `run`,
/// `submit` and `cluster` spell and default them identically.
/// </summary>
public sealed class JobOptionSet
{
    public Option<string?> Model { get; } = new("--model") { Description = "ONNX image model (default: the bundled ResNet18)." };
    public Option<string> ImagesDataset { get; } = new("--images-dataset") { Description = "Images dataset in the input file.", DefaultValueFactory = _ => "images" };
    public Option<string> LabelsDataset { get; } = new("--labels-dataset") { Description = "Labels dataset (optional; used for metrics when present).", DefaultValueFactory = _ => "ans" };
    public Option<string> FeaturesDataset { get; } = new("--features-dataset") { Description = "Features dataset in a features file.", DefaultValueFactory = _ => "features" };
    public Option<string?> Labels { get; } = new("--labels") { Description = "HDF5 file holding the labels dataset, when they are not in the input." };
    public Option<double> Variance { get; } = new("--variance") { Description = "PCA variance target in (0, 1].", DefaultValueFactory = _ => 0.90 };
    public Option<string> K { get; } = new("--k") { Description = "Number of clusters, or 'auto' (elbow knee / eigengap).", DefaultValueFactory = _ => "auto" };
    public Option<int> KMax { get; } = new("--k-max") { Description = "Largest K of the elbow curve.", DefaultValueFactory = _ => 14 };
    public Option<int> NInit { get; } = new("--n-init") { Description = "K-means restarts per K (best SSE kept).", DefaultValueFactory = _ => 10 };
    public Option<int> Neighbors { get; } = new("--neighbors") { Description = "Neighbours of the kNN graph.", DefaultValueFactory = _ => 10 };
    public Option<int> Eigenvalues { get; } = new("--eigenvalues") { Description = "Smallest Laplacian eigenvalues computed.", DefaultValueFactory = _ => 10 };
    public Option<int> SliceSize { get; } = new("--slice-size") { Description = "Images per slice.", DefaultValueFactory = _ => 512 };
    public Option<int?> Limit { get; } = new("--limit") { Description = "Use only the first N images." };
    public Option<int> Seed { get; } = new("--seed") { Description = "Random seed: same input, options and seed give identical results.", DefaultValueFactory = _ => 42 };
    public Option<string> Tta { get; } = new("--tta") { Description = "Test-time augmentation: none | dihedral.", DefaultValueFactory = _ => "none" };
    public Option<int?> InputSize { get; } = new("--input-size")
    {
        Description = $"Model input side in pixels (69 = the cutouts as they are, no resize); default: {EmbeddingDefaults.BundledInputSize} for the bundled ResNet18 (measured choice), a --model's own size.",
    };
    public Option<string?> Precision { get; } = new("--precision")
    {
        Description = $"Model precision: fp32 | int8 (calibrated on the job's images); default: {EmbeddingDefaults.BundledPrecision.ToString().ToLowerInvariant()} for the bundled ResNet18 on the CPU (measured choice), fp32 for a --model or on cuda.",
    };
    public Option<string> ExecutionProvider { get; } = new("--execution-provider") { Description = "ONNX Runtime execution provider: cpu | cuda (needs the GPU build).", DefaultValueFactory = _ => "cpu" };

    /// <summary>The options that choose how images become features.</summary>
    public IEnumerable<Option> EmbeddingOptions => [Model, Tta, InputSize, Precision, ExecutionProvider];

    /// <summary>The options that matter when the input is already a features file.</summary>
    public IEnumerable<Option> AnalysisOptions => [FeaturesDataset, LabelsDataset, Labels, Variance, K, KMax, NInit, Neighbors, Eigenvalues, SliceSize, Limit, Seed];

    public IEnumerable<Option> All => [ImagesDataset, .. EmbeddingOptions, .. AnalysisOptions];

    public AnalysisOptions ReadAnalysis(ParseResult parse)
    {
        var options = new AnalysisOptions
        {
            Variance = parse.GetValue(Variance),
            K = ParseK(parse.GetValue(K)!),
            KMax = parse.GetValue(KMax),
            NInit = parse.GetValue(NInit),
            Neighbors = parse.GetValue(Neighbors),
            Eigenvalues = parse.GetValue(Eigenvalues),
            SliceSize = parse.GetValue(SliceSize),
            Seed = parse.GetValue(Seed),
        };
        options.Validate();
        var limit = parse.GetValue(Limit);
        if (limit is < 1)
            throw new InvalidInputException($"--limit {limit}: must be at least 1.");
        return options;
    }

    private static int? ParseK(string text)
    {
        if (text.Equals("auto", StringComparison.OrdinalIgnoreCase)) return null;
        if (int.TryParse(text, out var k) && k >= 1) return k;
        throw new InvalidInputException($"--k {text}: expected 'auto' or a whole number ≥ 1.");
    }
}
