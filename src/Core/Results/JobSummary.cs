using System.Text.Json.Serialization;

namespace GalaxyActors.Core.Results;

// The shape of summary.json (DESIGN.md §4). Keys are part of the contract: astronomers' scripts
// read them, so names are pinned with JsonPropertyName rather than left to a naming policy.

public sealed record JobSummary
{
    [JsonPropertyName("input")] public required InputSummary Input { get; init; }
    [JsonPropertyName("model")] public required ModelSummary Model { get; init; }
    [JsonPropertyName("pca")] public required PcaSummary Pca { get; init; }
    [JsonPropertyName("kmeans")] public required KMeansSummary KMeans { get; init; }
    [JsonPropertyName("spectral")] public required SpectralSummary Spectral { get; init; }
    [JsonPropertyName("metrics")] public required MetricsSummary Metrics { get; init; }
    [JsonPropertyName("timings")] public required Dictionary<string, double> Timings { get; init; }
    [JsonPropertyName("cluster")] public required ClusterSummary Cluster { get; init; }
    [JsonPropertyName("seed")] public required int Seed { get; init; }

    /// <summary>The labels the metrics were computed against; absent when the job had none.</summary>
    [JsonPropertyName("labels"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LabelsSummary? Labels { get; init; }

    /// <summary>Each cluster's morphology (median and quartiles of C, A, Gini, …); absent when the features came without it.</summary>
    [JsonPropertyName("morphology"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public MorphologySummary? Morphology { get; init; }

    /// <summary>Legal but probably unintended things the job noticed (also in the log and the report).</summary>
    /// <summary>How embedding.png's map was made; absent in summaries written before it was recorded.</summary>
    [JsonPropertyName("map"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public MapSummary? Map { get; init; }

    [JsonPropertyName("warnings")] public string[] Warnings { get; init; } = [];
}

public sealed record LabelsSummary
{
    [JsonPropertyName("dataset")] public required string Dataset { get; init; }
    [JsonPropertyName("path")] public required string Path { get; init; }

    /// <summary>Class ids present and their names ("class N" when the file names none).</summary>
    [JsonPropertyName("classes")] public required Dictionary<string, string> Classes { get; init; }

    /// <summary>Where the names came from ("file attribute 'coarse_names'", "Galaxy10"); null = not named.</summary>
    [JsonPropertyName("namesFrom")] public string? NamesFrom { get; init; }

    [JsonPropertyName("unlabelledValues")] public required int[] UnlabelledValues { get; init; }
    [JsonPropertyName("unlabelledRows")] public required int UnlabelledRows { get; init; }
    [JsonPropertyName("labelledRows")] public required int LabelledRows { get; init; }
}

public sealed record InputSummary
{
    [JsonPropertyName("path")] public required string Path { get; init; }
    [JsonPropertyName("imagesDataset")] public string? ImagesDataset { get; init; }
    [JsonPropertyName("labelsDataset")] public string? LabelsDataset { get; init; }
    [JsonPropertyName("featuresDataset")] public string? FeaturesDataset { get; init; }
    [JsonPropertyName("images")] public required int Images { get; init; }
    [JsonPropertyName("hasLabels")] public required bool HasLabels { get; init; }
}

public sealed record ModelSummary
{
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("featureDim")] public required int FeatureDim { get; init; }
    [JsonPropertyName("preprocessing")] public string? Preprocessing { get; init; }
}

public sealed record PcaSummary
{
    [JsonPropertyName("targetVariance")] public required double TargetVariance { get; init; }
    [JsonPropertyName("components")] public required int Components { get; init; }
    [JsonPropertyName("explainedVarianceRatio")] public required double[] ExplainedVarianceRatio { get; init; }

    /// <summary>How each feature row was normalised before PCA: none, l2 or sqrt-l2.</summary>
    [JsonPropertyName("featureNorm")] public string FeatureNorm { get; init; } = "none";
}

public sealed record KMeansSummary
{
    [JsonPropertyName("k")] public required int K { get; init; }
    [JsonPropertyName("kAuto")] public required int KAuto { get; init; }
    [JsonPropertyName("sse")] public required double[] Sse { get; init; }
    [JsonPropertyName("sizes")] public required int[] Sizes { get; init; }
    [JsonPropertyName("nInit")] public int NInit { get; init; }

    /// <summary>The rows the restarts ran on when they ran on a random sample (above 150,000 points), each K's winner then refined on all rows; absent: all rows.</summary>
    [JsonPropertyName("restartSample"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? RestartSample { get; init; }

    /// <summary>What chose K: "given" (--k) or "knee" (Kneedle on the SSE curve).</summary>
    [JsonPropertyName("kRule")] public string KRule { get; init; } = "";
}

public sealed record SpectralSummary
{
    [JsonPropertyName("k")] public required int K { get; init; }
    [JsonPropertyName("kAuto")] public required int KAuto { get; init; }
    [JsonPropertyName("neighbors")] public required int Neighbors { get; init; }

    /// <summary>How the kNN graph was found; absent in summaries written before approximate graphs existed.</summary>
    [JsonPropertyName("knn"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public KnnSummary? Knn { get; init; }

    [JsonPropertyName("eigenvalues")] public required double[] Eigenvalues { get; init; }
    [JsonPropertyName("connectedComponents")] public required int ConnectedComponents { get; init; }
    [JsonPropertyName("sizes")] public required int[] Sizes { get; init; }

    /// <summary>What chose K: "given" (--k) or "eigengap" (largest gap among λ₂…λ_m, K ≥ connected components).</summary>
    [JsonPropertyName("kRule")] public string KRule { get; init; } = "";

    /// <summary>The gap that chose kAuto.</summary>
    [JsonPropertyName("gap"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public GapSummary? Gap { get; init; }
}

/// <summary>λ_K and λ_{K+1} of the eigengap, and their difference (null when λ_{K+1} was not computed).</summary>
public sealed record GapSummary
{
    [JsonPropertyName("k")] public required int K { get; init; }
    [JsonPropertyName("lower")] public required double Lower { get; init; }
    [JsonPropertyName("upper")] public double? Upper { get; init; }
    [JsonPropertyName("size")] public double? Size { get; init; }
}

public sealed record MethodMetrics
{
    [JsonPropertyName("ari")] public required double Ari { get; init; }
    [JsonPropertyName("nmi")] public required double Nmi { get; init; }
    [JsonPropertyName("purity")] public required double Purity { get; init; }
}

public sealed record MetricsSummary
{
    /// <summary>Present only when the input has labels.</summary>
    [JsonPropertyName("kmeans"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public MethodMetrics? KMeans { get; init; }

    [JsonPropertyName("spectral"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public MethodMetrics? Spectral { get; init; }

    /// <summary>ARI between the K-means and spectral labellings (after Hungarian alignment; ARI itself is permutation-free).</summary>
    [JsonPropertyName("agreementAri")] public required double AgreementAri { get; init; }

    /// <summary>Rows the label metrics were computed on (those whose label is a class); absent without labels.</summary>
    [JsonPropertyName("scoredRows"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? ScoredRows { get; init; }
}

public sealed record ClusterSummary
{
    [JsonPropertyName("workers")] public required int Workers { get; init; }
    [JsonPropertyName("slices")] public required int Slices { get; init; }
}

/// <summary>The quantities measured on every image and each cluster's profile of them, for both clusterings.</summary>
public sealed record MorphologySummary
{
    [JsonPropertyName("quantities")] public required MorphologyQuantitySummary[] Quantities { get; init; }

    /// <summary>Images where the central galaxy was segmented (the others have NaN in features.h5 and are left out).</summary>
    [JsonPropertyName("measuredRows")] public required int MeasuredRows { get; init; }

    [JsonPropertyName("kmeans")] public required ClusterMorphologySummary[] KMeans { get; init; }
    [JsonPropertyName("spectral")] public required ClusterMorphologySummary[] Spectral { get; init; }
}

public sealed record MorphologyQuantitySummary
{
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("symbol")] public required string Symbol { get; init; }
    [JsonPropertyName("description")] public required string Description { get; init; }
}

public sealed record ClusterMorphologySummary
{
    [JsonPropertyName("cluster")] public required int Cluster { get; init; }
    [JsonPropertyName("size")] public required int Size { get; init; }

    /// <summary>The cluster in words, e.g. "elongated (b/a 0.31), concentrated (C 3.9), red".</summary>
    [JsonPropertyName("description")] public required string Description { get; init; }

    /// <summary>Per quantity name: median, quartiles and how many of the cluster's images were measured.</summary>
    [JsonPropertyName("values")] public required Dictionary<string, QuantitySpread> Values { get; init; }
}

public sealed record QuantitySpread
{
    // null when none of the cluster's images could be measured (JSON has no NaN).
    [JsonPropertyName("median")] public double? Median { get; init; }
    [JsonPropertyName("q1")] public double? LowerQuartile { get; init; }
    [JsonPropertyName("q3")] public double? UpperQuartile { get; init; }
    [JsonPropertyName("measured")] public required int Measured { get; init; }
}

public sealed record KnnSummary
{
    /// <summary>"exact" or "approximate" (NN-descent), as chosen by --knn.</summary>
    [JsonPropertyName("method")] public required string Method { get; init; }

    /// <summary>For an approximate graph: the fraction of the exact neighbours it found on <see cref="RecallSample"/> rows.</summary>
    [JsonPropertyName("recall"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Recall { get; init; }

    [JsonPropertyName("recallSample"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? RecallSample { get; init; }
}

public sealed record MapSummary
{
    /// <summary>"tsne" or "pca" (--map).</summary>
    [JsonPropertyName("method")] public required string Method { get; init; }

    /// <summary>Points the map's method laid out: all of them, or a random sample of a large job.</summary>
    [JsonPropertyName("embedded")] public required int Embedded { get; init; }

    /// <summary>Points placed afterwards at the median map position of their nearest embedded neighbours.</summary>
    [JsonPropertyName("placed")] public int Placed { get; init; }

    [JsonPropertyName("placementNeighbours"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? PlacementNeighbours { get; init; }

    /// <summary>For t-SNE: how its repulsion was summed, "fft" (interpolation, from 10,000 embedded points) or
    /// "barnes-hut".</summary>
    [JsonPropertyName("repulsion"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Repulsion { get; init; }
}
