using GalaxyActors.Core.Jobs;
using System.Text.Json;
using GalaxyActors.Core.Hdf5;
using GalaxyActors.Core.Pipeline;

namespace GalaxyActors.Core.Tests.Pipeline;

/// <summary>`galaxy cluster` as a library call: the fixture's feature store in, the DESIGN.md §4 result files out.</summary>
public class LocalJobTests
{
    [Fact]
    public void Clustering_a_feature_store_writes_summary_assignments_and_every_analysis_dataset()
    {
        var output = Directory.CreateTempSubdirectory("galaxy-job-").FullName;
        try
        {
            var summary = LocalJob.Run(new JobRequest
            {
                Input = new JobInput { FeaturesPath = Fixtures.PathOf("clustering-3000x128.h5"), Limit = 600 },
                OutputDirectory = output,
                Analysis = new AnalysisOptions { KMax = 6, NInit = 2 },
            });

            Assert.Equal(600, summary.Input.Images);
            Assert.True(summary.Input.HasLabels);
            Assert.Equal(6, summary.KMeans.Sse.Length);
            Assert.Equal(600, summary.KMeans.Sizes.Sum());
            Assert.Equal(600, summary.Spectral.Sizes.Sum());
            Assert.NotNull(summary.Metrics.KMeans);

            var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "summary.json"))).RootElement;
            foreach (var key in new[] { "input", "model", "pca", "kmeans", "spectral", "metrics", "timings", "cluster", "seed" })
                Assert.True(json.TryGetProperty(key, out _), $"summary.json lacks '{key}'");

            var lines = File.ReadAllLines(Path.Combine(output, "assignments.csv"));
            Assert.Equal("index,kmeans,spectral,label", lines[0]);
            Assert.Equal(601, lines.Length);

            var store = Path.Combine(output, "features.h5");
            var d = summary.Pca.Components;
            Assert.Equal([600, 128], Hdf5Datasets.ReadFloats(store, "features").Dimensions);
            Assert.Equal([600, d], Hdf5Datasets.ReadFloats(store, "reduced").Dimensions);
            Assert.Equal([d, 128], Hdf5Datasets.ReadDoubles(store, "pca/components").Dimensions);
            Assert.Equal([128], Hdf5Datasets.ReadDoubles(store, "pca/mean").Dimensions);
            Assert.Equal([600], Hdf5Datasets.ReadInts(store, "kmeans/labels").Dimensions);
            Assert.Equal([summary.KMeans.K, d], Hdf5Datasets.ReadFloats(store, "kmeans/centroids").Dimensions);
            Assert.Equal([600], Hdf5Datasets.ReadInts(store, "spectral/labels").Dimensions);
            Assert.Equal([10], Hdf5Datasets.ReadDoubles(store, "spectral/eigenvalues").Dimensions);
            // The stored labels are the fixture's first 600, in order.
            var labels = Hdf5Datasets.ReadInts(store, "labels").Values;
            Assert.Equal(Hdf5Datasets.ReadInts(Fixtures.PathOf("clustering-3000x128.h5"), "labels").Values[..600], labels);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}
