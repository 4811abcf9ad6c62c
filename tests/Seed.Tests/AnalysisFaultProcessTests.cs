using System.Diagnostics;

namespace GalaxyActors.Seed.Tests;

/// <summary>
/// Workers lost or paused during a feature-store job's analysis, as OS processes on 127.0.0.1: `kill -9` of a worker as
/// each of the PCA, K-means, kNN and spectral phases begins, and the worker that is to finish the job stopped with
/// SIGSTOP for 12 s and resumed as K-means begins (one job, so the slow recoveries overlap and are paid once). The
/// assignments must equal the single-process run's byte for byte.
/// (The embed phase's kill is in <see cref="ClusterProcessTests"/>.)
/// </summary>
[Collection("processes")]
public sealed class AnalysisFaultProcessTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly TimeSpan JobPatience = TimeSpan.FromMinutes(8);

    // Small slices, many restarts: each phase is hundreds of round trips across the workers, so a kill as it begins
    // lands inside it.
    private static string[] Options(string store) =>
        ["--features", store, "--slice-size", "32", "--k-max", "8", "--n-init", "10"];

    [Fact]
    public void A_worker_killed_as_each_analysis_phase_begins_and_one_paused_do_not_change_the_assignments()
    {
        using var temp = new TempFolder();
        var store = BlobFeatureStore.Make(temp.File("features.h5"), rows: 3000, dimensions: 64, seed: 5);
        var local = GalaxyProcess.Run(JobPatience, ["cluster", "--out", temp.File("local"), .. Options(store)]);
        Assert.True(local.ExitCode == 0, local.Error);

        var seedNode = ClusterNodes.NewSeedNode();
        using var seed = ClusterNodes.StartSeed(seedNode);
        // The oldest worker hosts the shard coordinator (a singleton on the oldest node of the worker role), the next
        // oldest takes it over: started one after the other. Three more, started together, are the other victims.
        var oldest = ClusterNodes.StartWorker(seedNode);
        var survivor = ClusterNodes.StartWorker(seedNode);
        var workers = new[] { oldest, survivor }.Concat(Enumerable.Range(0, 3).AsParallel().Select(_ => ClusterNodes.StartWorker(seedNode))).ToList();
        try
        {
            var clock = Stopwatch.StartNew();
            using var submit = GalaxyProcess.Start(GalaxyProcess.Galaxy, ["submit", "--seed-node", seedNode, "--out", temp.File("cluster"), .. Options(store)]);
            // PCA loses the coordinator's host too (the worst case: its shards cannot be placed until the singleton has
            // moved); the others lose a worker holding slices only.
            (string Phase, int Victim)[] kills = [("pca ", 0), ("kmeans ", 2), ("knn ", 3), ("spectral ", 4)];
            foreach (var (phase, victim) in kills)
            {
                submit.WaitForOutput(phase, JobPatience);
                workers[victim].Kill();
                output.WriteLine($"worker {victim} killed as {phase.Trim()} began, {clock.Elapsed.TotalSeconds:F1} s into the job");
                if (phase == "kmeans ") PauseAndResume(survivor, clock);
            }
            submit.WaitForOutput("results:", JobPatience);
            output.WriteLine($"job done {clock.Elapsed.TotalSeconds:F1} s after submission (four workers killed)");
            Assert.Equal(0, submit.WaitForExit(TimeSpan.FromSeconds(30)));

            // Each kill in a slice phase landed while that phase's requests were in flight on the dead worker: they were
            // asked again (after their timeout, by then on the node its shards moved to).
            Assert.Matches("gave no answer to (ComputePcaStats|ProjectSlice|SendReducedRows|LoadSliceFeatures)", seed.Output);
            Assert.Matches("gave no answer to (KMeansStep|AssignSlice)", seed.Output);
            Assert.Matches("gave no answer to (KnnSearch|HoldKnnPoints)", seed.Output);
            // The paused survivor was seen to go silent and come back, and was never removed: it finished the job.
            var survivorAddress = System.Text.RegularExpressions.Regex.Match(survivor.Output, @"Worker node (\S+) joined the cluster").Groups[1].Value;
            Assert.True(SeedMarked(seed.Output, "UNREACHABLE", survivorAddress), seed.Output);
            Assert.True(SeedMarked(seed.Output, "REACHABLE", survivorAddress), seed.Output);
            Assert.DoesNotContain($"Member removed [{survivorAddress}]", seed.Output);
            Assert.False(survivor.HasExited, survivor.Output);
            Assert.Equal(File.ReadAllBytes(temp.File("local/assignments.csv")), File.ReadAllBytes(temp.File("cluster/assignments.csv")));
        }
        finally
        {
            foreach (var worker in workers) worker.Dispose();
        }
    }

    // The seed's failure detector logs one line per change, listing every member it marks: the survivor is paused as
    // the kmeans victim is killed, so both may be in one line, in either order.
    private static bool SeedMarked(string seedLog, string state, string address) =>
        seedLog.Split('\n').Any(line => line.Contains($"Marking node(s) as {state} [") && line.Contains($"Member(address = {address}"));

    // Long enough to be marked unreachable (3 s without heartbeats), short of the split-brain resolver's 20 s before
    // downing it: its requests wait, and are answered once it runs again.
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(12);

    private void PauseAndResume(GalaxyProcess.Running worker, Stopwatch clock)
    {
        worker.Signal(GalaxyProcess.SigStop);
        Thread.Sleep(Pause);
        worker.Signal(GalaxyProcess.SigCont);
        output.WriteLine($"the surviving worker paused (SIGSTOP) for {Pause.TotalSeconds:0} s, resumed {clock.Elapsed.TotalSeconds:F1} s into the job");
    }
}
