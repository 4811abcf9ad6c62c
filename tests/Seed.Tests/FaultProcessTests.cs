using System.Diagnostics;
using GalaxyActors.Core.Pipeline;

namespace GalaxyActors.Seed.Tests;

/// <summary>
/// Faults an operator meets, against the deployed programs as OS processes on 127.0.0.1: every worker lost, the seed
/// lost, a signal to `submit`, a second seed on a port in use. Each ends in bounded time with one clear line.
/// </summary>
[Collection("processes")]
public sealed class FaultProcessTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly TimeSpan JobPatience = TimeSpan.FromMinutes(6);

    // fp32 at 224 px: slow enough on 2 cores that the faults land mid-embed.
    private static readonly string[] SlowEmbedding = ["--slice-size", "16", "--k-max", "4", "--n-init", "2", "--precision", "fp32", "--input-size", "224"];

    private static GalaxyProcess.Running Submit(string seedNode, string input, string outDir) =>
        GalaxyProcess.Start(GalaxyProcess.Galaxy, ["submit", "--seed-node", seedNode, "--input", input, "--out", outDir, .. SlowEmbedding]);

    [Fact]
    public void Losing_every_worker_leaves_the_seed_up_fails_the_job_with_a_reason_and_the_next_job_runs_on_a_new_worker()
    {
        using var temp = new TempFolder();
        var sample = temp.File("sample.h5");
        SampleFile.Make(sample, 160, 4);
        var seedNode = ClusterNodes.NewSeedNode();
        using var seed = ClusterNodes.StartSeed(seedNode);
        using (var worker = ClusterNodes.StartWorker(seedNode))
        using (var submit = Submit(seedNode, sample, temp.File("lost")))
        {
            worker.WaitForOutput("embedding rows", JobPatience);
            worker.Kill();
            var clock = Stopwatch.StartNew();
            // Downing (~20 s) + the runner's wait for a worker (60 s), well inside this limit.
            Assert.Equal(1, submit.WaitForExit(TimeSpan.FromSeconds(180)));
            Assert.Contains("no worker node has been Up for 60 s", submit.Output);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(150), $"the job failed {clock.Elapsed.TotalSeconds:0} s after the last worker died");
            output.WriteLine($"every worker lost: the job failed {clock.Elapsed.TotalSeconds:F1} s after the kill");
        }
        // The seed kept itself (keep-majority among seeds) and serves the next job once a worker is back.
        Assert.False(seed.HasExited, seed.Output);
        Assert.False(File.Exists(temp.File("lost/summary.json")));
        using var returned = ClusterNodes.StartWorker(seedNode);
        var small = temp.File("small.h5");
        SampleFile.Make(small, 32, 5);
        var again = GalaxyProcess.Run(JobPatience, ["submit", "--seed-node", seedNode, "--input", small, "--out", temp.File("again"), "--k-max", "3", "--slice-size", "16"]);
        Assert.True(again.ExitCode == 0, again.Output + again.Error + "\nseed:\n" + seed.Output);
        Assert.True(File.Exists(temp.File("again/summary.json")));
    }

    [Fact]
    public void A_seed_killed_mid_job_is_reported_by_submit_within_the_contact_limit()
    {
        using var temp = new TempFolder();
        var sample = temp.File("sample.h5");
        SampleFile.Make(sample, 160, 6);
        var seedNode = ClusterNodes.NewSeedNode();
        using var seed = ClusterNodes.StartSeed(seedNode);
        using var worker = ClusterNodes.StartWorker(seedNode);
        using var submit = Submit(seedNode, sample, temp.File("out"));
        worker.WaitForOutput("embedding rows", JobPatience);
        seed.Kill();
        var clock = Stopwatch.StartNew();

        // Whichever comes first: the death watch on the coordinator (a refused connection on loopback: seconds; a silent
        // host: the 15 s heartbeat pause) or the cluster client giving up (13 s pause + 12 s reconnect limit).
        Assert.Equal(1, submit.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"submit took {clock.Elapsed.TotalSeconds:0} s to notice");
        output.WriteLine($"seed killed: submit exited {clock.Elapsed.TotalSeconds:F1} s after the kill");
        Assert.Contains("the job did not finish", submit.Output);
        Assert.Contains(seedNode, submit.Output);
    }

    [Fact]
    public void With_three_seeds_killing_the_one_running_the_coordinator_is_reported_and_a_surviving_seed_runs_the_job_again()
    {
        using var temp = new TempFolder();
        var sample = temp.File("sample.h5");
        SampleFile.Make(sample, 160, 7);
        // As deploy/k8s: three seeds, each given all three; the first one started forms the cluster and is the oldest,
        // so it holds the coordinator singleton.
        string[] seeds = [ClusterNodes.NewSeedNode(), ClusterNodes.NewSeedNode(), ClusterNodes.NewSeedNode()];
        using var oldest = ClusterNodes.StartSeed(seeds[0], allSeeds: seeds);
        using var second = ClusterNodes.StartSeed(seeds[1], allSeeds: seeds);
        using var third = ClusterNodes.StartSeed(seeds[2], allSeeds: seeds);
        using var worker = ClusterNodes.StartWorker(seeds[1]);
        using var submit = Submit(seeds[0], sample, temp.File("out"));
        worker.WaitForOutput("embedding rows", JobPatience);
        oldest.Kill();
        var clock = Stopwatch.StartNew();

        // The cluster client reconnects to another seed and never stops: submit notices the coordinator's death itself.
        Assert.Equal(1, submit.WaitForExit(TimeSpan.FromSeconds(60)));
        var noticed = clock.Elapsed;
        Assert.Contains("the job did not finish", submit.Output);
        Assert.True(noticed < TimeSpan.FromSeconds(30), $"submit took {noticed.TotalSeconds:0} s to notice");

        // The surviving seeds kept the majority (two of three) and the worker; once the coordinator has moved, the job runs
        // again there. The singleton moves only after the dead seed is downed, so a first resubmission may find none yet.
        GalaxyProcess.Result again = null!;
        for (int attempt = 0; attempt < 3; attempt++)
        {
            again = GalaxyProcess.Run(JobPatience, ["submit", "--seed-node", seeds[1], "--input", sample, "--out", temp.File("again"), .. SlowEmbedding]);
            if (!again.Error.Contains("no answer from the seed node", StringComparison.Ordinal)) break;
        }
        Assert.True(again.ExitCode == 0, again.Output + again.Error + "\nseed:\n" + second.Output);
        Assert.True(File.Exists(temp.File("again/summary.json")));
        output.WriteLine($"three seeds, oldest killed: submit exited {noticed.TotalSeconds:F1} s after the kill; the job ran again on a surviving seed, done {clock.Elapsed.TotalSeconds:F1} s after the kill");
        Assert.False(second.HasExited || third.HasExited || worker.HasExited, "a surviving node went down");
    }

    [Fact]
    public void Submit_stops_on_SIGTERM_saying_the_job_goes_on()
    {
        using var temp = new TempFolder();
        var sample = temp.File("sample.h5");
        SampleFile.Make(sample, 32, 7);
        var seedNode = ClusterNodes.NewSeedNode();
        // No worker: the job is accepted and waits, as a long job would run.
        using var seed = ClusterNodes.StartSeed(seedNode);
        using var submit = Submit(seedNode, sample, temp.File("out"));
        submit.WaitForOutput("accepted", ClusterNodes.StartPatience);
        submit.Terminate();

        var clock = Stopwatch.StartNew();
        Assert.Equal(130, submit.WaitForExit(TimeSpan.FromSeconds(20)));
        output.WriteLine($"SIGTERM: submit exited {clock.Elapsed.TotalSeconds:F1} s after the signal");
        Assert.Contains("interrupted; the job, if accepted, goes on on the cluster", submit.Output);
        seed.WaitForOutput("no worker node is Up; waiting up to 60 s", ClusterNodes.StartPatience);
    }

    [Fact]
    public void A_second_seed_on_a_port_in_use_refuses_to_start()
    {
        var seedNode = ClusterNodes.NewSeedNode();
        using var first = ClusterNodes.StartSeed(seedNode);
        var port = seedNode[(seedNode.LastIndexOf(':') + 1)..];

        var second = GalaxyProcess.Run(TimeSpan.FromSeconds(60), "seed", "--host", "127.0.0.1", "--port", port);

        Assert.Equal(1, second.ExitCode);
        Assert.Contains($"port {port} on 127.0.0.1 is in use by another process", second.Error);
        Assert.DoesNotContain("seed node up", second.Output);
        Assert.False(first.HasExited);
    }

    [Fact]
    public void A_seed_with_a_submit_secret_refuses_a_submit_without_it_in_one_line()
    {
        using var temp = new TempFolder();
        var seedNode = ClusterNodes.NewSeedNode();
        var port = seedNode[(seedNode.LastIndexOf(':') + 1)..];
        var secretFile = temp.File("submit-secret");
        File.WriteAllText(secretFile, "correct horse battery staple\n");
        using var seed = GalaxyProcess.Start(GalaxyProcess.Galaxy, new Dictionary<string, string> { ["GALAXY__SUBMITSECRETFILE"] = secretFile, ["GALAXY__DATAROOTS"] = temp.Path, ["GALAXY__RESULTROOTS"] = temp.Path },
            "seed", "--host", "127.0.0.1", "--port", port);
        seed.WaitForOutput("seed node up at", ClusterNodes.StartPatience);
        var missing = temp.File("nowhere.h5");
        string[] job = ["submit", "--seed-node", seedNode, "--input", missing, "--out", temp.File("out")];

        var anonymous = GalaxyProcess.Run(TimeSpan.FromSeconds(60), new Dictionary<string, string>(), job);
        var wrong = GalaxyProcess.Run(TimeSpan.FromSeconds(60), new Dictionary<string, string> { ["GALAXY__SUBMITSECRET"] = "guess" }, job);
        var right = GalaxyProcess.Run(TimeSpan.FromSeconds(60), new Dictionary<string, string> { ["GALAXY__SUBMITSECRET"] = "correct horse battery staple" }, job);

        foreach (var refused in new[] { anonymous, wrong })
        {
            Assert.Equal(2, refused.ExitCode);
            Assert.Single(refused.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains("not authorised to submit", refused.Error);
            Assert.DoesNotContain(missing, refused.Error); // nothing about the seed's files
        }
        // The right secret passes: the job reaches the input check, which names the missing file.
        Assert.Equal(2, right.ExitCode);
        Assert.Contains(missing, right.Error);
        Assert.DoesNotContain("correct horse", seed.Output);
    }

    [Fact]
    public void Galaxy_cancel_stops_a_running_job_keeps_the_earlier_results_and_the_cluster_runs_the_next_job()
    {
        using var temp = new TempFolder();
        var sample = temp.File("sample.h5");
        SampleFile.Make(sample, 160, 6);
        var outDir = temp.File("out");
        var seedNode = ClusterNodes.NewSeedNode();
        using var seed = ClusterNodes.StartSeed(seedNode);
        using var worker = ClusterNodes.StartWorker(seedNode);
        var small = GalaxyProcess.Run(JobPatience, "submit", "--seed-node", seedNode, "--input", sample, "--out", outDir, "--limit", "40", "--k-max", "3");
        Assert.True(small.ExitCode == 0, small.Output + small.Error);
        var earlier = File.ReadAllText(Path.Combine(outDir, "summary.json"));

        using var submit = Submit(seedNode, sample, outDir);
        submit.WaitForOutput(" accepted", JobPatience);
        var jobId = System.Text.RegularExpressions.Regex.Match(submit.Output, @"job (\S+) accepted").Groups[1].Value;
        worker.WaitForOutput("embedding rows", JobPatience);
        var cancel = GalaxyProcess.Run(TimeSpan.FromSeconds(60), "cancel", jobId, "--seed-node", seedNode);
        var clock = Stopwatch.StartNew();

        Assert.True(cancel.ExitCode == 0, cancel.Output + cancel.Error);
        Assert.Contains($"job {jobId} cancelled", cancel.Output);
        Assert.Equal(1, submit.WaitForExit(TimeSpan.FromSeconds(30)));
        output.WriteLine($"cancelled: submit exited {clock.Elapsed.TotalSeconds:F1} s after `galaxy cancel` returned");
        Assert.Contains("cancelled", submit.Output);
        Assert.Equal(earlier, File.ReadAllText(Path.Combine(outDir, "summary.json")));
        // The runner removes its staging folder as it stops, just after the coordinator has answered.
        var staged = Stopwatch.StartNew();
        while (Directory.GetDirectories(outDir, ".galaxy-staging-*").Length > 0 && staged.Elapsed < TimeSpan.FromSeconds(15)) Thread.Sleep(200);
        Assert.Empty(Directory.GetDirectories(outDir, ".galaxy-staging-*"));
        var again = GalaxyProcess.Run(TimeSpan.FromSeconds(60), "cancel", jobId, "--seed-node", seedNode);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("already finished", again.Error);

        var next = GalaxyProcess.Run(JobPatience, "submit", "--seed-node", seedNode, "--input", sample, "--out", temp.File("next"), "--limit", "40", "--k-max", "3");
        Assert.True(next.ExitCode == 0, next.Output + next.Error);
    }
}
