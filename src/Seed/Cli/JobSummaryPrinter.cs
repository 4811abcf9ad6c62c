using GalaxyActors.Core.Results;

namespace GalaxyActors.Seed.Cli;

/// <summary>The short table printed at the end of every job: K per method, cluster sizes, metrics, where the results are.</summary>
public static class JobSummaryPrinter
{
    public static void Print(JobSummary summary, string outputDirectory)
    {
        Console.WriteLine();
        Console.WriteLine($"{summary.Input.Images} images, {summary.Model.Name} {summary.Model.FeatureDim}-d → PCA {summary.Pca.Components}-d ({summary.Pca.TargetVariance:P0} variance)");
        Console.WriteLine($"{"method",-9} {"K",3} {"auto",5}  {"ARI",6} {"NMI",6} {"purity",6}  sizes");
        Console.WriteLine(Row("k-means", summary.KMeans.K, summary.KMeans.KAuto, summary.Metrics.KMeans, summary.KMeans.Sizes));
        Console.WriteLine(Row("spectral", summary.Spectral.K, summary.Spectral.KAuto, summary.Metrics.Spectral, summary.Spectral.Sizes));
        Console.WriteLine($"agreement between the methods (ARI): {summary.Metrics.AgreementAri:F3}" +
                          (summary.Spectral.ConnectedComponents > 1 ? $"; the kNN graph has {summary.Spectral.ConnectedComponents} connected components" : ""));
        Console.WriteLine($"results: {Path.GetFullPath(outputDirectory)}");
        var report = Path.Combine(outputDirectory, GalaxyActors.Core.Reporting.ReportWriter.ReportFileName);
        if (File.Exists(report))
            Console.WriteLine($"report:  {Path.GetFullPath(report)}");
    }

    private static string Row(string method, int k, int kAuto, MethodMetrics? metrics, int[] sizes) =>
        $"{method,-9} {k,3} {kAuto,5}  " +
        (metrics == null ? $"{"-",6} {"-",6} {"-",6}" : $"{metrics.Ari,6:F3} {metrics.Nmi,6:F3} {metrics.Purity,6:F3}") +
        $"  {string.Join(' ', sizes)}";
}
