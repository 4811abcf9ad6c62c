using System.Diagnostics;
using GalaxyActors.Core.Clustering;
using GalaxyActors.Core.Graph;
using GalaxyActors.Core.Linalg;
using GalaxyActors.Core.Projection;

namespace GalaxyActors.Core.Benchmarks;

/// <summary>Seconds and peak memory of one analysis stage; stage names match the scikit-learn peer script's.</summary>
public sealed record StageTiming(string Stage, double Seconds, double PeakMegabytes);

/// <summary>What `galaxy bench cluster` measured.</summary>
public sealed record ClusterBenchmarkReport(int Rows, int Dimensions, int Components, IReadOnlyList<StageTiming> Stages, double[] ElbowSse);

/// <summary>
/// Times each analysis stage on one features matrix with the options scikit-learn's peer uses
/// (../shared/peers/sklearn_stages.py), so the two columns compare like with like.
/// </summary>
public static class ClusterBenchmark
{
    public static ClusterBenchmarkReport Run(RowMatrix features, double variance = 0.90, int kMax = 14, int neighbours = 10, int k = 4,
        bool includeTsne = false, IReadOnlySet<string>? skip = null, Action<StageTiming>? onStage = null)
    {
        var stages = new List<StageTiming>();
        T Timed<T>(string stage, Func<T> work)
        {
            PeakMemory.Reset();
            var watch = Stopwatch.StartNew();
            var result = work();
            var timing = new StageTiming(stage, watch.Elapsed.TotalSeconds, PeakMemory.MegabytesSinceReset());
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
        var graph = Timed("knn_graph_exact", () => KnnGraph.Build(reduced.Rows, ExactKnn.Search(reduced, neighbours).Ids, neighbours));
        Timed("laplacian_10_smallest_eigsh", () => SpectralEmbedding.Compute(graph, 10, k, seed: 0).Eigenvalues);
        Timed("spectral_clustering_lobpcg", () =>
        {
            var embedding = SpectralEmbedding.Compute(graph, k, k, seed: 0).Embedding;
            return KMeansSolver.Fit(embedding, k, new KMeansOptions { NInit = 10 }).Labels;
        });
        if (includeTsne)
            Timed("tsne_barnes_hut", () => TSne.Embed(reduced, new TSneOptions()));
        return new ClusterBenchmarkReport(features.Rows, features.Columns, reduced.Columns, stages, sse);
    }
}
