using System.CommandLine;
using GalaxyActors.Core.Embedding;
using GalaxyActors.Core.Jobs;

namespace GalaxyActors.Seed.Cli;

/// <summary>
/// The job options every job-running command shares (DESIGN.md §3), defined once so that `run`, `submit` and
/// `cluster` spell them identically. Defaults come from the options model itself (<see cref="JobRequest"/>'s records);
/// the checks are the model's (<see cref="JobRequestRules"/>): this type only declares and parses.
/// </summary>
public sealed class JobOptionSet
{
    private static readonly JobInput Input = new();
    private static readonly AnalysisOptions Analysis = new();

    public Option<string?> Model { get; } = new("--model") { Description = "ONNX image model (default: the bundled ResNet18)." };
    public Option<string> ImagesDataset { get; } = new("--images-dataset") { Description = "Images dataset in the input file.", DefaultValueFactory = _ => Input.ImagesDataset };
    public Option<string?> LabelsDataset { get; } = new("--labels-dataset")
    {
        Description = $"Labels dataset, for the metrics (default: '{LabelRequest.DefaultImageLabels}' in images and --labels files, '{LabelRequest.DefaultFeatureLabels}' in feature stores, used when present; a named one must exist).",
    };
    public Option<string> FeaturesDataset { get; } = new("--features-dataset") { Description = "Features dataset in a features file.", DefaultValueFactory = _ => Input.FeaturesDataset };
    public Option<string?> Labels { get; } = new("--labels") { Description = "HDF5 file holding the labels dataset, when they are not in the input." };
    public Option<string?> Unlabelled { get; } = new("--unlabelled")
    {
        Description = "Label values that are not classes, comma-separated (e.g. 255): left out of the metrics. The labels' own attributes (unlabelled, a note such as '255 = unlabelled') add to them.",
    };
    public Option<double> Variance { get; } = new("--variance") { Description = "PCA variance target in (0, 1].", DefaultValueFactory = _ => Analysis.Variance };
    public Option<string> K { get; } = new("--k") { Description = "Number of clusters, or 'auto' (K-means: knee of the elbow; spectral: largest eigengap for K ≥ 2).", DefaultValueFactory = _ => "auto" };
    public Option<int> KMax { get; } = new("--k-max") { Description = "Largest K of the elbow curve.", DefaultValueFactory = _ => Analysis.KMax };
    public Option<int> NInit { get; } = new("--n-init") { Description = "K-means restarts per K (best SSE kept).", DefaultValueFactory = _ => Analysis.NInit };
    public Option<int> Neighbors { get; } = new("--neighbors") { Description = "Neighbours of the kNN graph.", DefaultValueFactory = _ => Analysis.Neighbors };
    public Option<string> Knn { get; } = new("--knn")
    {
        Description = $"kNN graph search: auto | exact | approximate (NN-descent, recall measured on {Core.Graph.KnnMethods.RecallSample} rows); auto is approximate above {Core.Graph.KnnMethods.ApproximateAbove:N0} points.",
        DefaultValueFactory = _ => Core.Graph.KnnMethods.Name(Analysis.Knn),
    };
    public Option<int> Eigenvalues { get; } = new("--eigenvalues") { Description = "Smallest Laplacian eigenvalues computed.", DefaultValueFactory = _ => Analysis.Eigenvalues };
    public Option<string> FeatureNorm { get; } = new("--feature-norm")
    {
        Description = "Normalise each feature row before PCA: none | l2 | sqrt-l2 (signed square root, then unit length).",
        DefaultValueFactory = _ => Core.Linalg.FeatureNormalization.Name(Analysis.FeatureNorm),
    };
    public Option<int> SliceSize { get; } = new("--slice-size") { Description = "Images per slice.", DefaultValueFactory = _ => Analysis.SliceSize };
    public Option<int?> Limit { get; } = new("--limit") { Description = "Use only the first N images." };
    public Option<int> Seed { get; } = new("--seed") { Description = "Random seed: same input, options and seed give identical results.", DefaultValueFactory = _ => Analysis.Seed };
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
    public Option<double> CenterCrop { get; } = new("--center-crop")
    {
        Description = $"Fraction of the image side kept around the centre before the resize (1 = none; at least {Core.Imaging.CenterCrop.MinimumSide} px must remain).",
        DefaultValueFactory = _ => EmbeddingDefaults.CenterCrop,
    };

    /// <summary>The options that choose how images become features.</summary>
    public IEnumerable<Option> EmbeddingOptions => [Model, Tta, InputSize, Precision, ExecutionProvider, CenterCrop];

    /// <summary>The label options.</summary>
    public IEnumerable<Option> LabelOptions => [LabelsDataset, Labels, Unlabelled];

    /// <summary>The options that matter when the input is already a features file.</summary>
    public IEnumerable<Option> AnalysisOptions => [FeaturesDataset, .. LabelOptions, Variance, K, KMax, NInit, Neighbors, Knn, Eigenvalues, FeatureNorm, SliceSize, Limit, Seed];

    public IEnumerable<Option> All => [ImagesDataset, .. EmbeddingOptions, .. AnalysisOptions];
}
