using GalaxyActors.Core.Jobs;
using GalaxyActors.Core.Pipeline;
using GalaxyActors.Core.Reporting;
using SkiaSharp;

namespace GalaxyActors.Core.Tests.Reporting;

/// <summary>A job that started from a feature store whose images are not at hand still gets its whole report.</summary>
public class ImagesUnavailableTests
{
    [Fact]
    public void Report_of_a_feature_store_job_without_its_images_keeps_one_montage_row_per_cluster()
    {
        var output = Directory.CreateTempSubdirectory("galaxy-report-noimages-").FullName;
        try
        {
            var summary = LocalJob.Run(new JobRequest
            {
                Input = new JobInput { FeaturesPath = Fixtures.PathOf("clustering-3000x128.h5"), Limit = 300 },
                OutputDirectory = output,
                Analysis = new AnalysisOptions { KMax = 5, NInit = 2, Map = MapMethod.Pca },
            });
            var files = ReportWriter.Write(output);
            Assert.NotNull(files.ImagesUnavailableReason);
            Assert.Equal(summary.KMeans.K, files.KMeansMontage.Rows);
            using var montage = SKBitmap.Decode(Path.Combine(output, ReportWriter.MontageKMeans));
            Assert.Equal(files.KMeansMontage.HeaderHeight + summary.KMeans.K * files.KMeansMontage.RowHeight, montage.Height);
            Assert.True(GalaxyActors.Core.Hdf5.Hdf5Datasets.Exists(Path.Combine(output, "features.h5"), ClusterMap.PcaDataset));
            var html = File.ReadAllText(files.ReportPath);
            foreach (var id in ReportHtml.SectionIds)
                Assert.Contains($"<section id=\"{id}\">", html);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}
