using GalaxyActors.Core.Jobs;
using GalaxyActors.Core.Pipeline;
using GalaxyActors.Core.Results;

namespace GalaxyActors.Core.Tests.Pipeline;

/// <summary>What a job writes never costs what was there before: staging, the folder's lock, no writing over the input.</summary>
public sealed class ResultStagingTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("galaxy-staging-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private JobRequest FeaturesJob(string outDir, string? features = null) => new()
    {
        Input = new JobInput { FeaturesPath = features ?? Fixtures.PathOf("clustering-3000x128.h5"), Limit = 300 },
        OutputDirectory = outDir,
        Analysis = new AnalysisOptions { KMax = 4, NInit = 1 },
    };

    private static string[] Entries(string directory) =>
        [.. Directory.EnumerateFileSystemEntries(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    [Fact]
    public void A_failed_job_leaves_the_earlier_results_and_no_staging_behind()
    {
        var outDir = Path.Combine(_root, "out");
        LocalJob.Run(FeaturesJob(outDir));
        var before = Entries(outDir).ToDictionary(name => name, name => File.Exists(Path.Combine(outDir, name)) ? File.ReadAllBytes(Path.Combine(outDir, name)) : []);

        // The second job fails in its analysis, after it has written features into staging: nothing of it may show.
        using var cancellation = new CancellationTokenSource();
        var progress = new CancelAt("spectral", cancellation);
        Assert.ThrowsAny<OperationCanceledException>(() => LocalJob.Run(FeaturesJob(outDir) with { Analysis = new AnalysisOptions { KMax = 3, NInit = 1, Seed = 9 } }, progress, cancellation.Token));

        Assert.Equal(before.Keys, Entries(outDir));
        foreach (var (name, bytes) in before)
            if (bytes.Length > 0) Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(outDir, name)));
    }

    [Fact]
    public void A_successful_job_replaces_the_earlier_results_and_leaves_only_its_own_files()
    {
        var outDir = Path.Combine(_root, "out");
        LocalJob.Run(FeaturesJob(outDir));
        LocalJob.Run(FeaturesJob(outDir) with { Analysis = new AnalysisOptions { K = 3, KMax = 4, NInit = 1 } });

        Assert.Equal(3, SummaryJson.Read(outDir).KMeans.K);
        Assert.DoesNotContain(Entries(outDir), name => name.StartsWith(ResultStaging.StagingPrefix, StringComparison.Ordinal) || name == ResultStaging.LockFileName);
    }

    [Fact]
    public void A_second_job_on_a_folder_in_use_is_refused_and_the_folder_is_free_again_afterwards()
    {
        var outDir = Path.Combine(_root, "busy");
        using (ResultStaging.Begin(FeaturesJob(outDir), "job-1"))
        {
            var refused = Assert.Throws<InvalidInputException>(() => ResultStaging.Begin(FeaturesJob(outDir), "job-2"));
            Assert.Contains("another job is writing its results there", refused.Message);
            Assert.Contains(outDir, refused.Message);
        }
        using var later = ResultStaging.Begin(FeaturesJob(outDir), "job-3");
        Assert.True(Directory.Exists(later.StagingDirectory));
    }

    [Fact]
    public void A_staging_folder_left_by_a_killed_job_is_removed_by_the_next_one()
    {
        var outDir = Path.Combine(_root, "killed");
        var stale = Directory.CreateDirectory(Path.Combine(outDir, ResultStaging.StagingPrefix + "job-killed")).FullName;
        File.WriteAllText(Path.Combine(stale, "features.h5"), "half written");
        using var next = ResultStaging.Begin(FeaturesJob(outDir), "job-next");
        Assert.False(Directory.Exists(stale));
    }

    [Fact]
    public void A_job_whose_input_is_the_store_it_would_write_is_refused_also_through_a_link()
    {
        var outDir = Path.Combine(_root, "self");
        Directory.CreateDirectory(outDir);
        var own = Path.Combine(outDir, ResultFolder.FeaturesFileName);
        File.Copy(Fixtures.PathOf("clustering-3000x128.h5"), own);
        var refused = Assert.Throws<InvalidInputException>(() => LocalJob.Run(FeaturesJob(outDir, own)));
        Assert.Contains("--out", refused.Message);
        Assert.Contains("which is its input", refused.Message);

        var link = Path.Combine(_root, "link.h5");
        File.CreateSymbolicLink(link, own);
        Assert.Throws<InvalidInputException>(() => ResultStaging.RefuseOwnInput(FeaturesJob(outDir, link)));
        Assert.Equal(new FileInfo(Fixtures.PathOf("clustering-3000x128.h5")).Length, new FileInfo(own).Length);
    }

    private sealed class CancelAt(string phase, CancellationTokenSource cancellation) : IProgress<PhaseProgress>
    {
        public void Report(PhaseProgress value)
        {
            if (value.Phase == phase) cancellation.Cancel();
        }
    }
}
