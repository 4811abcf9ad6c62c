using System.Net;
using System.Text.RegularExpressions;
using GalaxyActors.Deploy.Tests;
using Xunit.Abstractions;

namespace GalaxyActors.Seed.Tests;

/// <summary>
/// docker-compose.yml's topology run as OS processes on this machine: the `seed` service's `galaxy seed` and the
/// `worker` service's `galaxy-node`, each started with exactly the environment the compose file gives it, save the
/// rewrites one shared host needs (see <see cref="ForThisMachine"/>), and a job sent with `galaxy submit` as
/// `docker compose exec seed galaxy submit` sends it (so with the seed's environment). Scaled from 1 to 3 workers
/// while the job embeds, as `docker compose up -d --scale worker=3` would; stopped as `docker compose down` stops it.
/// </summary>
[Collection("processes")]
public sealed partial class ComposeTopologyTests(ITestOutputHelper log)
{
    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan JobPatience = TimeSpan.FromMinutes(6);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    // Enough slices that one worker is still embedding when the two added workers have joined (a few seconds). The
    // embedding is pinned to the model's own fp32 224 px, whatever the default, so the job stays long enough for that.
    private const int Images = 960;
    private static readonly string[] JobOptions =
        ["--slice-size", "16", "--k-max", "4", "--n-init", "2", "--precision", "fp32", "--input-size", "224"];

    [Fact]
    public void Compose_topology_runs_a_submitted_job_and_workers_added_mid_run_take_slices()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var compose = ComposeFile.Load();
        var seedService = compose["seed"];
        var workerService = compose["worker"];
        using var temp = new TempFolder();
        // ./data and ./results of the compose file: folders of this test.
        Directory.CreateDirectory(temp.File("data"));
        var sample = temp.File("data/sample.h5");
        var made = GalaxyProcess.Run("make-sample", "--out", sample, "--count", $"{Images}", "--seed", "3");
        Assert.True(made.ExitCode == 0, made.Error);

        log.WriteLine($"{clock.Elapsed.TotalSeconds,6:F1} s  sample of {Images} images made");
        int seedPort = LocalPorts.Free();
        var seedEnvironment = ForThisMachine(seedService.Environment, seedService.Hostname!, seedPort, port: seedPort, volumes: temp.Path);
        using var seed = GalaxyProcess.Start(GalaxyProcess.Galaxy, seedEnvironment, [.. seedService.Command]);
        seed.WaitForOutput("seed node up at", StartPatience);
        AssertReady(seed);

        using var worker1 = StartWorker(workerService, seedService.Hostname!, seedPort);
        worker1.WaitForOutput("joined the cluster", StartPatience);
        AssertReady(worker1);
        log.WriteLine($"{clock.Elapsed.TotalSeconds,6:F1} s  seed and one worker up");

        using var submit = GalaxyProcess.Start(GalaxyProcess.Galaxy, seedEnvironment,
            ["submit", "--seed-node", $"127.0.0.1:{seedPort}", "--input", sample, "--out", temp.File("results/job"), .. JobOptions]);
        submit.WaitForOutput("accepted", StartPatience);
        seed.WaitForOutput($"embedding {Images} images", StartPatience);

        // --scale worker=3, mid-run.
        using var worker2 = StartWorker(workerService, seedService.Hostname!, seedPort);
        using var worker3 = StartWorker(workerService, seedService.Hostname!, seedPort);
        worker2.WaitForOutput("joined the cluster", StartPatience);
        worker3.WaitForOutput("joined the cluster", StartPatience);
        AssertReady(worker2);
        AssertReady(worker3);
        log.WriteLine($"{clock.Elapsed.TotalSeconds,6:F1} s  two workers added");
        Assert.False(seed.Output.Contains("images embedded in", StringComparison.Ordinal),
            "the job had finished embedding before the added workers joined: nothing was tested mid-run (raise Images)");

        int exitCode = submit.WaitForExit(JobPatience);
        log.WriteLine($"{clock.Elapsed.TotalSeconds,6:F1} s  job done; seed: {string.Join(" | ", seed.Output.Split('\n').Where(l => l.Contains("images embedded in") || l.Contains("completed in")))}");
        Assert.True(exitCode == 0, $"submit exited {exitCode}\n{submit.Output}\nseed:\n{seed.Output}");
        Assert.Contains($"results: {temp.File("results/job")}", submit.Output);

        // Every worker embedded slices, the added ones included (their Debug lines name each slice they embedded).
        var embedded = new[] { worker1, worker2, worker3 }.Select(w => SliceEmbedded().Matches(w.Output).Count).ToArray();
        log.WriteLine($"slices embedded per worker: {string.Join(", ", embedded)}");
        Assert.True(embedded.All(n => n > 0), $"slices embedded per worker: {string.Join(", ", embedded)}");
        // One line per image (and a header) in the assignments, whoever embedded them.
        Assert.Equal(Images + 1, File.ReadAllLines(temp.File("results/job/assignments.csv")).Length);

        // `docker compose down`: SIGTERM to the workers, then to the seed they depend on; SIGKILL would follow after
        // stop_grace_period. Each node leaves the cluster and exits 0 (so restart: on-failure leaves it stopped) in time.
        var workers = new[] { worker1, worker2, worker3 };
        foreach (var worker in workers) worker.Terminate();
        foreach (var worker in workers) Assert.Equal(0, worker.WaitForExit(workerService.StopGracePeriod!.Value));
        seed.Terminate();
        Assert.Equal(0, seed.WaitForExit(seedService.StopGracePeriod!.Value));
        log.WriteLine($"{clock.Elapsed.TotalSeconds,6:F1} s  all nodes stopped by SIGTERM, exit 0");
    }

    /// <summary>
    /// A compose service's environment for a process on this machine. Rewritten, and only these:
    /// <list type="bullet">
    /// <item>GALAXY__HOST 0.0.0.0 → 127.0.0.1: a container binds its own interfaces; here all share loopback, and a
    /// wildcard would make the node advertise this machine's name;</item>
    /// <item>the seed's service hostname (in GALAXY__PUBLICHOSTNAME and GALAXY__SEEDNODES__n) → 127.0.0.1, as
    /// Docker's DNS maps `seed` to the seed container;</item>
    /// <item>GALAXY__PORT → <paramref name="port"/> (a free port for the seed, 0 for workers: every container has the
    /// same 4053, processes on one host cannot), and the seed's port in GALAXY__SEEDNODES__n with it;</item>
    /// <item>GALAXY__HEALTHPORT → a free port of its own (every container has 8558);</item>
    /// <item>GALAXY__DATAROOTS and GALAXY__RESULTROOTS (/data, /results) → the same folders under <paramref name="volumes"/>;</item>
    /// <item>for workers only, GALAXY__LOGLEVEL → Debug: the one place a worker says which slice it embedded.</item>
    /// </list>
    /// Everything else (GALAXY__SHUTDOWNTIMEOUT, GALAXY__COMPUTETHREADS, ...) is as the compose file gives it.
    /// </summary>
    private static Dictionary<string, string> ForThisMachine(IReadOnlyDictionary<string, string> compose, string seedHostname, int seedPort, int port,
        string? volumes = null)
    {
        var environment = new Dictionary<string, string>(compose);
        foreach (var (name, value) in compose)
        {
            if (name == "GALAXY__HOST" && value == "0.0.0.0") environment[name] = "127.0.0.1";
            // The roots are the containers' mount points of ./data and ./results: here, this test's folders.
            else if (name is "GALAXY__DATAROOTS" or "GALAXY__RESULTROOTS" && volumes is not null) environment[name] = Path.Combine(volumes, value.TrimStart('/'));
            else if (name == "GALAXY__PUBLICHOSTNAME" && value == seedHostname) environment[name] = "127.0.0.1";
            else if (name.StartsWith("GALAXY__SEEDNODES__", StringComparison.Ordinal))
            {
                Assert.StartsWith(seedHostname + ":", value);
                environment[name] = $"127.0.0.1:{seedPort}";
            }
        }
        Assert.Contains("GALAXY__PORT", compose.Keys);
        environment["GALAXY__PORT"] = $"{port}";
        Assert.Contains("GALAXY__HEALTHPORT", compose.Keys);
        environment["GALAXY__HEALTHPORT"] = $"{LocalPorts.Free()}";
        return environment;
    }

    private static GalaxyProcess.Running StartWorker(ComposeService worker, string seedHostname, int seedPort)
    {
        var environment = ForThisMachine(worker.Environment, seedHostname, seedPort, port: 0);
        environment["GALAXY__LOGLEVEL"] = "Debug";
        return GalaxyProcess.Start(GalaxyProcess.Node, environment, [.. worker.Command]);
    }

    /// <summary>The node's health endpoint (what the compose healthcheck asks) answers ready.</summary>
    private static void AssertReady(GalaxyProcess.Running node)
    {
        var url = $"http://127.0.0.1:{node.Environment!["GALAXY__HEALTHPORT"]}/health/ready";
        using var response = Http.GetAsync(url).GetAwaiter().GetResult();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {response.StatusCode}\n{node.Output}");
    }

    [GeneratedRegex(@"Slice \S+ embedded \d+ images")]
    private static partial Regex SliceEmbedded();
}
