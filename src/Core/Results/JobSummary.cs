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
}

public sealed record KMeansSummary
{
    [JsonPropertyName("k")] public required int K { get; init; }
    [JsonPropertyName("kAuto")] public required int KAuto { get; init; }
    [JsonPropertyName("sse")] public required double[] Sse { get; init; }
    [JsonPropertyName("sizes")] public required int[] Sizes { get; init; }
    [JsonPropertyName("nInit")] public int NInit { get; init; }
}

public sealed record SpectralSummary
{
    [JsonPropertyName("k")] public required int K { get; init; }
    [JsonPropertyName("kAuto")] public required int KAuto { get; init; }
    [JsonPropertyName("neighbors")] public required int Neighbors { get; init; }
    [JsonPropertyName("eigenvalues")] public required double[] Eigenvalues { get; init; }
    [JsonPropertyName("connectedComponents")] public required int ConnectedComponents { get; init; }
    [JsonPropertyName("sizes")] public required int[] Sizes { get; init; }
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
}

public sealed record ClusterSummary
{
    [JsonPropertyName("workers")] public required int Workers { get; init; }
    [JsonPropertyName("slices")] public required int Slices { get; init; }
}
