namespace GalaxyActors.Seed.Tests;

/// <summary>`galaxy bench cluster` as the README shows it: on a feature store named by path and dataset.</summary>
public class BenchCommandTests
{
    [Fact]
    public void Bench_cluster_times_every_stage_of_a_feature_store_in_a_named_dataset()
    {
        using var folder = new TempFolder();
        var store = BlobFeatureStore.Make(folder.File("bench features.h5"), rows: 400, dimensions: 24, seed: 2);
        var bench = GalaxyProcess.Run("bench", "cluster", "--features", store, "--features-dataset", "features", "--no-peer", "--repeats", "1");
        Assert.True(bench.ExitCode == 0, bench.Error);
        foreach (var stage in new[] { "pca_covariance_eigh", "kmeans_elbow_n_init10", "knn_graph_exact", "spectral_clustering_lobpcg" })
            Assert.Contains(stage, bench.Output);
    }
}
