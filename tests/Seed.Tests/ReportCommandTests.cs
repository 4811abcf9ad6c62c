namespace GalaxyActors.Seed.Tests;

/// <summary>`galaxy report --results DIR` redraws a finished job's report from its files.</summary>
public class ReportCommandTests
{
    private static readonly string[] Rendered =
    [
        "elbow.png", "pca_variance.png", "eigenvalues.png", "embedding.png",
        "montage_kmeans.png", "montage_spectral.png", "galaxies.png", "report.html",
    ];

    [Fact]
    public void Report_command_reproduces_the_files_a_run_wrote()
    {
        using var folder = new TempFolder();
        var sample = Path.Combine(folder.Path, "sample.h5");
        var output = Path.Combine(folder.Path, "out");
        Assert.Equal(0, GalaxyProcess.Run("make-sample", "--out", sample, "--count", "40").ExitCode);
        var run = GalaxyProcess.Run("run", "--input", sample, "--out", output, "--k-max", "3", "--n-init", "1");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains(Path.Combine(output, "report.html"), run.Output);

        var originals = Rendered.ToDictionary(name => name, name => File.ReadAllBytes(Path.Combine(output, name)));
        foreach (var name in Rendered)
            File.Delete(Path.Combine(output, name));
        var report = GalaxyProcess.Run("report", "--results", output);
        Assert.True(report.ExitCode == 0, report.Error);
        Assert.Contains($"report: {Path.Combine(output, "report.html")}", report.Output);
        foreach (var name in Rendered)
            Assert.True(originals[name].SequenceEqual(File.ReadAllBytes(Path.Combine(output, name))), $"{name} differs after galaxy report");
    }

    [Fact]
    public void Report_of_a_folder_without_results_names_the_missing_summary()
    {
        using var folder = new TempFolder();
        var result = GalaxyProcess.Run("report", "--results", folder.Path);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("summary.json", result.Error);
        Assert.DoesNotContain("   at ", result.Error);
    }
}
