using GalaxyActors.Core.Clustering;
using GalaxyActors.Core.Graph;
using GalaxyActors.Core.Labels;
using GalaxyActors.Core.Linalg;
using GalaxyActors.Core.Results;

namespace GalaxyActors.Core.Pipeline;

/// <summary>Everything the analysis found, in memory, ready for the result files and the report.</summary>
public sealed record AnalysisResult
{
    public required PcaModel Pca { get; init; }

    /// <summary>The features projected on the kept components, N × d.</summary>
    public required RowMatrix Reduced { get; init; }

    public required ElbowResult Elbow { get; init; }

    /// <summary>The K-means clustering with the chosen K.</summary>
    public KMeansResult KMeans => Elbow.Chosen;

    public required SpectralEmbeddingResult Spectral { get; init; }

    /// <summary>How the kNN graph was found (exact, or approximate with its measured recall).</summary>
    public KnnGraphInfo Knn { get; init; } = new(KnnMethod.Exact, null);

    public required int SpectralKAuto { get; init; }

    /// <summary>The eigengap that chose <see cref="SpectralKAuto"/> (largest among λ₂…λ_m, K ≥ connected components).</summary>
    public required EigengapChoice SpectralGap { get; init; }

    public required int SpectralK { get; init; }

    /// <summary>Spectral cluster ids relabelled (Hungarian) to agree with the K-means ids as far as possible.</summary>
    public required int[] SpectralLabels { get; init; }

    public required int[] SpectralSizes { get; init; }

    public required MetricsSummary Metrics { get; init; }

    /// <summary>The labels the metrics were computed against (null: none).</summary>
    public LabelSet? Labels { get; init; }

    /// <summary>Legal but probably unintended things the analysis noticed, one line each, for the log, summary.json and the report.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The report's 2-D map (t-SNE or the two leading components), stored under embedding/ in features.h5; null when
    /// the analysis was run without one.</summary>
    public Reporting.ClusterMapResult? Map { get; init; }

    /// <summary>The images' morphology and each cluster's profile; null when the features came without it.</summary>
    public MorphologyResult? Morphology { get; init; }

    /// <summary>Seconds per phase (pca, kmeans, knn, spectral, metrics).</summary>
    public required Dictionary<string, double> Timings { get; init; }
}
