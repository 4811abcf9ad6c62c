using System.Diagnostics;

namespace GalaxyActors.Seed.Tests;

/// <summary>
/// Several `galaxy submit`s at once to one seed and worker, as OS processes on 127.0.0.1: each job's assignments equal
/// the same job run alone in one process. A cluster runs one job at a time and queues the rest, and `submit` says so.
/// </summary>
[Collection("processes")]
public sealed class ConcurrentJobsProcessTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly TimeSpan JobPatience = TimeSpan.FromMinutes(6);

    [Fact]
    public void Jobs_submitted_at_once_each_give_the_results_they_give_alone()
    {
        using var temp = new TempFolder();
        // Different stores and options, so results that leaked from one job into another would show; the last builds an
        // approximate kNN graph (on the seed, from the reduced points it holds), which must equal the local one too.
        var jobs = Enumerable.Range(0, 3).Select(i => (
            Name: $"job{i}",
            Options: new[] { "--features", BlobFeatureStore.Make(temp.File($"features{i}.h5"), rows: 500 + 100 * i, dimensions: 24 + 8 * i, seed: 20 + i),
                "--k-max", (5 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), "--n-init", "2", "--slice-size", "64",
                "--knn", i == 2 ? "approximate" : "auto" })).ToList();
        var alone = Stopwatch.StartNew();
        foreach (var job in jobs)
        {
            var local = GalaxyProcess.Run(JobPatience, ["cluster", "--out", temp.File($"{job.Name}-local"), .. job.Options]);
            Assert.True(local.ExitCode == 0, local.Error);
        }
        output.WriteLine($"three jobs one after the other in one process each: {alone.Elapsed.TotalSeconds:F1} s");

        var seedNode = ClusterNodes.NewSeedNode();
        using var seed = ClusterNodes.StartSeed(seedNode);
        using var worker = ClusterNodes.StartWorker(seedNode);
        var together = Stopwatch.StartNew();
        var submits = jobs.AsParallel().Select(job =>
            (job.Name, Result: GalaxyProcess.Run(JobPatience, ["submit", "--seed-node", seedNode, "--out", temp.File($"{job.Name}-cluster"), .. job.Options]))).ToList();
        output.WriteLine($"the same three submitted at once to a seed and one worker: {together.Elapsed.TotalSeconds:F1} s until the last finished");

        foreach (var (name, result) in submits)
        {
            Assert.True(result.ExitCode == 0, $"{name}: exit {result.ExitCode}\n{result.Error}\nseed:\n{seed.Output}");
            Assert.Equal(File.ReadAllBytes(temp.File($"{name}-local/assignments.csv")), File.ReadAllBytes(temp.File($"{name}-cluster/assignments.csv")));
        }
        var approximate = Core.Results.SummaryJson.Read(temp.File("job2-cluster")).Spectral.Knn!;
        Assert.Equal("approximate", approximate.Method);
        Assert.Equal(Core.Results.SummaryJson.Read(temp.File("job2-local")).Spectral.Knn!.Recall, approximate.Recall);
        // All but the first to arrive waited in the queue, and were told so.
        Assert.True(submits.Count(s => s.Result.Error.Contains("ahead of it in the queue (a cluster runs one job at a time)", StringComparison.Ordinal)) >= 1,
            string.Join("\n", submits.Select(s => s.Result.Error)));
    }
}
