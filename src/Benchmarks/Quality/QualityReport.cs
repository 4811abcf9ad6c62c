namespace GalaxyActors.Benchmarks;

/// <summary>One clustering method's scores against the labels: at K = label count, and at the K the job would choose itself.</summary>
/// <param name="AutoK">The K the method's automatic rule chose (K-means: knee of the elbow; spectral: eigengap over λ₂…λ_m).</param>
public sealed record MethodQuality(double Ari, double Nmi, int AutoK, double AriAuto, double NmiAuto);

/// <summary>Feature quality of one configuration on labelled images.</summary>
/// <param name="KnnAccuracy">5-fold 10-nearest-neighbour accuracy of the labels from the (normalised) features (<see cref="KnnClassification"/>).</param>
/// <param name="KMeans">K-means (the job's analysis) against the labels.</param>
/// <param name="Spectral">Spectral clustering (the job's analysis) against the labels.</param>
/// <param name="MeanCosineToReference">Mean over images of the cosine between this configuration's raw features and the reference's.</param>
public sealed record QualityScores(double KnnAccuracy, MethodQuality KMeans, MethodQuality Spectral, double MeanCosineToReference)
{
    public double KMeansAri => KMeans.Ari;
    public double SpectralAri => Spectral.Ari;
}

/// <summary>One configuration's result: its speed and scores, or why it could not run.</summary>
/// <param name="ImagesPerSecond">The whole embed path (read, preprocess, infer, store), as `galaxy embed` runs it.</param>
/// <param name="Unavailable">The reason the embedder refused this configuration (e.g. a precision this build lacks); null when it ran.</param>
public sealed record QualityRow(QualityConfiguration Configuration, double ImagesPerSecond, QualityScores? Scores, string? Unavailable)
{
    public bool IsAvailable => Scores is not null;
}

/// <summary>What <see cref="QualityBenchmark.Run"/> measured and the configuration its rule picks.</summary>
/// <param name="Images">Labelled images embedded per configuration.</param>
/// <param name="Classes">Distinct labels (the K of both clusterings).</param>
/// <param name="Reference">The fp32-224-none row, measured first whether or not it was asked for.</param>
/// <param name="Rows">The reference first, then every configuration asked for, in order.</param>
/// <param name="Chosen">The fastest row whose kNN accuracy and both ARIs are at most <see cref="QualityBenchmark.Tolerance"/> below the reference's.</param>
public sealed record QualityReport(int Images, int Classes, QualityRow Reference, IReadOnlyList<QualityRow> Rows, QualityRow Chosen);
