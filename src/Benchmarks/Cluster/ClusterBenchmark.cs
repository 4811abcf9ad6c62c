using System.Diagnostics;
using GalaxyActors.Core.Clustering;
using GalaxyActors.Core.Graph;
using GalaxyActors.Core.Linalg;
using GalaxyActors.Core.Projection;
using GalaxyActors.Core.Reporting;

namespace GalaxyActors.Benchmarks;

/// <summary>
/// One analysis stage's median seconds over the repeats, its first (cold: JIT-compiling) run's
/// seconds and its peak memory; stage names match the scikit-learn peer script's.
/// </summary>
public sealed record StageTiming(string Stage, double Seconds, double ColdSeconds, double PeakMegabytes);

/// <summary>What `galaxy bench cluster` measured.</summary>
/// <param name="ApproximateRecall">recall@k of the NN-descent graph on 1,000 sampled rows (null when that stage was skipped).</param>
/// <param name="MapPreservation">Per timed map stage: the share of 10 nearest neighbours it keeps (<see cref="NeighbourPreservation"/>, 5,000 rows).</param>
public sealed record ClusterBenchmarkReport(int Rows, int Dimensions, int Components, IReadOnlyList<StageTiming> Stages, double[] ElbowSse,
    double? ApproximateRecall = null, IReadOnlyDictionary<string, double>? MapPreservation = null);

/// <summary>
/// Times each analysis stage on one features matrix with the options scikit-learn's peer uses
/// (../shared/peers/sklearn_stages.py), so the two columns compare like with like: the peer reports
/// the median of its repeats, so each of our stages runs as often and reports its median too (the
/// first run, which also compiles the code, is reported beside it).
/// </summary>
public static class ClusterBenchmark
{
    public static ClusterBenchmarkReport Run(RowMatrix features, double variance = 0.90, int kMax = 14, int neighbours = 10, int k = 4,
        bool includeTsne = false, IReadOnlySet<string>? skip = null, Action<StageTiming>? onStage = null, int repeats = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);
        var stages = new List<StageTiming>();
        T Timed<T>(string stage, Func<T> work)
        {
            var seconds = new double[repeats];
            double peak = 0;
            T result = default!;
            for (var run = 0; run < repeats; run++)
            {
                PeakMemory.Reset();
                var watch = Stopwatch.StartNew();
                result = work();
                seconds[run] = watch.Elapsed.TotalSeconds;
                peak = Math.Max(peak, PeakMemory.MegabytesSinceReset());
            }
            var timing = new StageTiming(stage, Median(seconds), seconds[0], peak);
            stages.Add(timing);
            onStage?.Invoke(timing);
            return result;
        }
        bool Runs(string stage) => skip == null || !skip.Contains(stage);

        var reduced = Timed("pca_covariance_eigh", () =>
        {
            var model = Pca.Fit(Pca.ComputeStatistics(features), variance);
            return model.Project(features);
        });
        double[] sse = [];
        if (Runs("kmeans_elbow_n_init10"))
            sse = Timed("kmeans_elbow_n_init10", () => Elbow.Run(reduced, new ElbowOptions { KMax = kMax, NInit = 10 }).Sse);
        if (Runs("kmeans_elbow_n_init1"))
            Timed("kmeans_elbow_n_init1", () => Elbow.Run(reduced, new ElbowOptions { KMax = kMax, NInit = 1 }).Sse);
        if (Runs("minibatch_elbow"))
            Timed("minibatch_elbow", () => Elbow.Run(reduced, new ElbowOptions { KMax = kMax, NInit = 3, Algorithm = KMeansAlgorithm.MiniBatch, BatchSize = 1024 }).Sse);
        double? recall = null;
        if (Runs("knn_graph_nn_descent"))
        {
            var approximate = Timed("knn_graph_nn_descent", () => NnDescent.Search(reduced, neighbours));
            recall = KnnRecall.Estimate(reduced, approximate, 1000, seed: 1);
        }
        var graph = Timed("knn_graph_exact", () => KnnGraph.Build(reduced.Rows, ExactKnn.Search(reduced, neighbours).Ids, neighbours));
        Timed("laplacian_10_smallest_eigsh", () => SpectralEmbedding.Compute(graph, 10, k, seed: 0).Eigenvalues);
        Timed("spectral_clustering_lobpcg", () =>
        {
            var embedding = SpectralEmbedding.Compute(graph, k, k, seed: 0).Embedding;
            return KMeansSolver.Fit(embedding, k, new KMeansOptions { NInit = 10 }).Labels;
        });
        var preservation = new Dictionary<string, double>();
        if (includeTsne && Runs("tsne_barnes_hut"))
            preservation["tsne_barnes_hut"] = NeighbourPreservation.Measure(reduced,
                Timed("tsne_barnes_hut", () => TSne.Embed(reduced, new TSneOptions { Repulsion = TSneRepulsion.BarnesHut })));
        if (includeTsne && Runs("tsne_fft"))
            preservation["tsne_fft"] = NeighbourPreservation.Measure(reduced,
                Timed("tsne_fft", () => TSne.Embed(reduced, new TSneOptions { Repulsion = TSneRepulsion.Fft })));
        // The job's map: all points up to ClusterMap.TSneSampleSize, a sample and median placement above.
        if (includeTsne && Runs("map_job") && reduced.Rows > ClusterMap.TSneSampleSize)
            preservation["map_job"] = NeighbourPreservation.Measure(reduced,
                (float[])Timed("map_job", () => ClusterMap.Compute(reduced, MapMethod.TSne, seed: 42)).Coordinates.Data);
        return new ClusterBenchmarkReport(features.Rows, features.Columns, reduced.Columns, stages, sse, recall, preservation);
    }

    /// <summary>The middle value (the mean of the two middle ones for an even count), as Python's statistics.median.</summary>
    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
