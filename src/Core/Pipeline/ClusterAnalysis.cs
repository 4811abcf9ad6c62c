using System.Diagnostics;
using GalaxyActors.Core.Clustering;
using GalaxyActors.Core.Graph;
using GalaxyActors.Core.Jobs;
using GalaxyActors.Core.Labels;
using GalaxyActors.Core.Linalg;
using GalaxyActors.Core.Metrics;
using GalaxyActors.Core.Results;

namespace GalaxyActors.Core.Pipeline;

/// <summary>
/// The analysis of DESIGN.md §1 on features in memory: PCA → elbow K-means → kNN graph → spectral
/// → metrics. Each stage runs on slice-sized partial results merged in slice order, the same code
/// path the cluster drives across nodes, so a local run and a distributed one agree exactly.
/// </summary>
public static class ClusterAnalysis
{
    /// <summary>The analysis of features in this process, in slices of <see cref="AnalysisOptions.SliceSize"/> rows.</summary>
    public static AnalysisResult Run(RowMatrix features, int[]? labels, AnalysisOptions options, IProgress<PhaseProgress>? progress = null) =>
        Run(new LocalRowStages(features, options.SliceSize, options.FeatureNorm), labels is null ? null : LabelSet.FromValues(labels), options, progress);

    /// <param name="rows">
    /// Where the row-local stages run (this process, or the cluster's slice actors); any implementation merging the
    /// same slices in slice order gives identical results. Non-finite features are reported by the PCA statistics,
    /// which check every row they add.
    /// </param>
    /// <param name="cancellation">Checked as each stage starts (a stopped job stops here; the cluster's row stages also abandon their requests).</param>
    /// <param name="map">
    /// The report's 2-D map of the reduced points, if wanted: started as soon as PCA has reduced them and run beside the
    /// K-means, kNN and spectral stages (in a cluster those run mostly on the workers, the map on the seed), so it costs
    /// the job only what it outlasts them by (timings "map" and "map_wait"). It reads nothing the other stages write.
    /// </param>
    public static AnalysisResult Run(IRowStages rows, LabelSet? labels, AnalysisOptions options, IProgress<PhaseProgress>? progress = null,
        CancellationToken cancellation = default, Func<RowMatrix, CancellationToken, Reporting.ClusterMapResult>? map = null)
    {
        options.Validate();
        options.ValidateFor(rows.Rows);
        if (labels != null && labels.Count != rows.Rows)
            throw new InvalidInputException($"{labels.Count} labels for {rows.Rows} feature rows: labels must have one entry per image.");
        var timings = new Dictionary<string, double>();
        var watch = Stopwatch.StartNew();

        cancellation.ThrowIfCancellationRequested();
        progress?.Report(new PhaseProgress("pca", 0, 1));
        var statistics = rows.PcaStatistics();
        var pca = Pca.Fit(statistics, options.Variance);
        var reduced = rows.Project(pca);
        progress?.Report(new PhaseProgress("pca", 1, 1));
        timings["pca"] = Lap(watch);
        using var mapStage = map is null ? null : new BackgroundStage<Reporting.ClusterMapResult>(token => map(reduced, token), cancellation);

        cancellation.ThrowIfCancellationRequested();
        progress?.Report(new PhaseProgress("kmeans", 0, 1));
        var pass = rows.KMeansPass(reduced);
        var elbow = Elbow.Run(reduced, pass, new ElbowOptions
        {
            KMax = Math.Min(options.KMax, rows.Rows),
            K = options.K,
            NInit = options.NInit,
            Seed = options.Seed,
        });
        progress?.Report(new PhaseProgress("kmeans", 1, 1));
        timings["kmeans"] = Lap(watch);

        cancellation.ThrowIfCancellationRequested();
        progress?.Report(new PhaseProgress("knn", 0, 1));
        var (neighbours, knn) = Neighbours(rows, reduced, options, timings, watch);
        var graph = KnnGraph.Build(reduced.Rows, neighbours.Ids, options.Neighbors);
        progress?.Report(new PhaseProgress("knn", 1, 1));
        timings["knn"] = Lap(watch);

        cancellation.ThrowIfCancellationRequested();
        progress?.Report(new PhaseProgress("spectral", 0, 1));
        var eigenpairs = Math.Min(options.Eigenvalues, reduced.Rows);
        var spectral = SpectralEmbedding.Compute(graph, eigenpairs, Math.Min(options.K ?? 1, eigenpairs), options.Seed);
        var gap = Eigengap.Choose(spectral.Eigenvalues, Math.Max(2, spectral.Components.Count));
        var spectralK = options.K ?? gap.K;
        if (spectralK > eigenpairs)
            throw new InvalidInputException($"--k {spectralK}: spectral clustering can use at most --eigenvalues ({eigenpairs}) eigenvectors.");
        var embedding = SpectralEmbedding.RowNormalised(spectral.Eigenvectors, reduced.Rows, spectralK);
        var spectralFit = KMeansSolver.Fit(embedding, spectralK, new KMeansOptions { NInit = options.NInit, Seed = options.Seed }, options.SliceSize);
        var spectralLabels = Hungarian.Align(elbow.Chosen.Labels, spectralFit.Labels);
        progress?.Report(new PhaseProgress("spectral", 1, 1));
        timings["spectral"] = Lap(watch);

        var warnings = new List<string>();
        if (JobLabels.Warning(labels) is { } labelWarning) warnings.Add(labelWarning);
        if (options.K is null && gap.K > spectral.Eigenvalues.Length - 1)
            warnings.Add($"the graph has {spectral.Components.Count} connected components, at least as many as the {spectral.Eigenvalues.Length} eigenvalues computed: K = {gap.K} is a floor, not an eigengap; raise --eigenvalues");
        var metrics = Evaluate(elbow.Chosen.Labels, spectralLabels, labels is { Classes.Length: >= 2 } ? labels : null);
        timings["metrics"] = Lap(watch);
        Reporting.ClusterMapResult? mapResult = null;
        if (mapStage is not null)
        {
            // Shown only while the job waits for it: the map's own progress is not followed.
            progress?.Report(new PhaseProgress("map", 0, 1));
            mapResult = mapStage.Result(out var mapSeconds, out var waited);
            progress?.Report(new PhaseProgress("map", 1, 1));
            timings["map"] = mapSeconds;
            timings["map_wait"] = waited;
        }

        return new AnalysisResult
        {
            Pca = pca,
            Reduced = reduced,
            Elbow = elbow,
            Spectral = spectral,
            Knn = knn,
            SpectralKAuto = gap.K,
            SpectralGap = gap,
            SpectralK = spectralK,
            SpectralLabels = spectralLabels,
            SpectralSizes = Sizes(spectralLabels, Math.Max(spectralK, MaxLabel(spectralLabels) + 1)),
            Metrics = metrics,
            Labels = labels,
            Warnings = warnings,
            Timings = timings,
            Map = mapResult,
        };
    }

    // An approximate graph is built where the reduced points are (this process; in a cluster the seed, which holds them
    // all): one code path, so local and distributed jobs get the same graph. Its recall check is timed apart.
    private static (KnnResult Neighbours, KnnGraphInfo Info) Neighbours(IRowStages rows, RowMatrix reduced, AnalysisOptions options,
        Dictionary<string, double> timings, Stopwatch watch)
    {
        var method = KnnMethods.Resolve(options.Knn, reduced.Rows);
        if (method == KnnMethod.Exact) return (rows.Neighbours(reduced, options.Neighbors), new KnnGraphInfo(method, null));
        var approximate = NnDescent.Search(reduced, options.Neighbors, new NnDescentOptions { Seed = options.Seed });
        var searched = watch.Elapsed.TotalSeconds;
        var recall = KnnRecall.Estimate(reduced, approximate, KnnMethods.RecallSample, options.Seed);
        timings["knn_recall"] = watch.Elapsed.TotalSeconds - searched;
        return (approximate, new KnnGraphInfo(method, recall));
    }

    // Scored on the rows whose label is a class: an "unlabelled" value is not a class the clustering could match.
    private static MetricsSummary Evaluate(int[] kmeans, int[] spectral, LabelSet? truth)
    {
        var agreement = ClusteringMetrics.AdjustedRandIndex(kmeans, spectral);
        if (truth == null) return new MetricsSummary { AgreementAri = agreement };
        int[] classes, kmeansScored, spectralScored;
        if (truth.UnlabelledRows == 0)
            (classes, kmeansScored, spectralScored) = (truth.Values, kmeans, spectral);
        else
        {
            var rows = truth.LabelledRowIndices();
            (classes, kmeansScored, spectralScored) = (Pick(truth.Values, rows), Pick(kmeans, rows), Pick(spectral, rows));
        }
        return new MetricsSummary
        {
            KMeans = MethodMetricsOf(classes, kmeansScored),
            Spectral = MethodMetricsOf(classes, spectralScored),
            AgreementAri = agreement,
            ScoredRows = classes.Length,
        };
    }

    private static int[] Pick(int[] values, int[] rows)
    {
        var picked = new int[rows.Length];
        for (var i = 0; i < rows.Length; i++) picked[i] = values[rows[i]];
        return picked;
    }

    private static MethodMetrics MethodMetricsOf(int[] truth, int[] clusters) => new()
    {
        Ari = ClusteringMetrics.AdjustedRandIndex(truth, clusters),
        Nmi = ClusteringMetrics.NormalizedMutualInformation(truth, clusters),
        Purity = ClusteringMetrics.Purity(truth, clusters),
    };

    private static int MaxLabel(int[] labels)
    {
        var max = 0;
        foreach (var label in labels) max = Math.Max(max, label);
        return max;
    }

    private static int[] Sizes(int[] labels, int k)
    {
        var sizes = new int[k];
        foreach (var label in labels) sizes[label]++;
        return sizes;
    }

    private static double Lap(Stopwatch watch)
    {
        var seconds = watch.Elapsed.TotalSeconds;
        watch.Restart();
        return seconds;
    }
}
