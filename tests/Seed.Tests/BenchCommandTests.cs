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

/// <summary>`galaxy bench scale`: one job through the in-process cluster, its figures set against issue 15's targets.</summary>
public class ScaleBenchCommandTests
{
    [Fact]
    public void Bench_scale_runs_a_feature_store_through_the_cluster_and_prints_the_targets()
    {
        using var folder = new TempFolder();
        var store = BlobFeatureStore.Make(folder.File("survey store.h5"), rows: 400, dimensions: 24, seed: 3);
        var results = folder.File("kept");
        var bench = GalaxyProcess.Run("bench", "scale", "--features", store, "--workers", "1", "--out", results);

        Assert.True(bench.ExitCode == 0, bench.Error);
        Assert.Contains("400 points, 24-d", bench.Output);
        Assert.Contains("peak resident memory of the process", bench.Output);
        Assert.Contains("target < 10 min", bench.Output);
        // The job's own results, kept with --out: the same files `galaxy run` writes.
        Assert.True(File.Exists(Path.Combine(results, "job", "summary.json")));
    }

    [Fact]
    public void Bench_scale_refuses_both_or_neither_input_with_one_message()
    {
        var neither = GalaxyProcess.Run("bench", "scale");
        Assert.NotEqual(0, neither.ExitCode);
        Assert.Contains("Give exactly one of --input FILE.h5 or --features FILE.h5", neither.Error);
    }
}
