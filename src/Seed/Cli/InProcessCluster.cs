using Akka.Actor;
using Akka.Hosting;
using GalaxyActors.Core.Jobs;
using GalaxyActors.Hosting;
using GalaxyActors.Hosting.Coordination;
using GalaxyActors.Hosting.Logging;
using GalaxyActors.Messages.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GalaxyActors.Seed.Cli;

/// <summary>
/// A seed node and N worker nodes in this process, on loopback with free ports (`galaxy run`). Disposing stops the
/// workers one at a time, then the seed, so each leaves while the others can still agree on who is left.
/// </summary>
public sealed class InProcessCluster : IAsyncDisposable
{
    private InProcessCluster(IHost seed, IReadOnlyList<IHost> workers)
    {
        Seed = seed;
        Workers = workers;
    }

    public IHost Seed { get; }
    public IReadOnlyList<IHost> Workers { get; }

    /// <summary>The seed node's HOST:PORT.</summary>
    public string SeedNode => GalaxyHosts.SeedNodeOf(Seed);

    /// <summary>
    /// The coordinator's pacing for <paramref name="workers"/> in-process workers. They share one inference session (one
    /// per process, <c>ProcessEmbedder</c>), so two slices in flight in all keep it busy: one inferring while the next
    /// is read and measured. The default two per worker, right for nodes with sessions of their own, left three slices
    /// decompressing beside inference on the same cores: on 21,785 images (`galaxy bench scale --input`) the cluster
    /// embedded at 89 % of standalone `galaxy embed`'s rate, at 95–97 % with one per worker.
    /// </summary>
    internal static JobRunnerSettings SettingsFor(int workers) => new() { SlicesInFlightPerWorker = workers == 1 ? 2 : 1 };

    /// <summary>
    /// Starts the cluster for <paramref name="job"/>. Its coordinator confines jobs as a deployed seed does, to what a
    /// laptop user means: the current folder and the files the job names (read), the current folder and its --out (write).
    /// </summary>
    public static async Task<InProcessCluster> StartAsync(int workers, JobRequest job, CancellationToken cancellation)
    {
        var named = new[] { job.Input.ImagesPath, job.Input.FeaturesPath, job.Input.Labels.Path, job.Embedding.ModelPath }.OfType<string>();
        var options = new GalaxyClusterOptions
        {
            Host = "127.0.0.1",
            Port = 0,
            LogLevel = "Warning",
            DataRoots = string.Join(Path.PathSeparator, named.Prepend(Directory.GetCurrentDirectory())),
            ResultRoots = string.Join(Path.PathSeparator, Directory.GetCurrentDirectory(), job.OutputDirectory),
        };
        var seed = await GalaxyHosts.StartJobSeedAsync(options, SettingsFor(workers), cancellation);
        var started = new List<IHost>();
        try
        {
            var workerOptions = options.Clone();
            workerOptions.SeedNodes = [GalaxyHosts.SeedNodeOf(seed)];
            for (int i = 0; i < workers; i++) started.Add(await GalaxyHosts.StartWorkerAsync(workerOptions, cancellation));
            await GalaxyHosts.WaitForWorkerRegionsAsync(seed, workers, TimeSpan.FromSeconds(90), cancellation);
            return new InProcessCluster(seed, started);
        }
        catch
        {
            await StopAllAsync(started, seed);
            throw;
        }
    }

    /// <summary>How long the in-process coordinator has to accept a job (the singleton starts with the seed).</summary>
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Submits <paramref name="request"/> to the seed's coordinator, as a submitted job runs, and follows it to the end
    /// (<see cref="JobFollower"/>: progress, summary); the exit code of the job.
    /// </summary>
    public Task<int> RunJobAsync(JobRequest request, string command, CancellationToken cancellation)
    {
        var system = Seed.Services.GetRequiredService<ActorSystem>();
        var coordinator = Seed.Services.GetRequiredService<ActorRegistry>().Get<JobCoordinatorProxy>();
        return JobFollower.RunAsync(system, listener => coordinator.Tell(new SubmitJob(request), listener), AnswerTimeout,
            $"the in-process job coordinator did not answer within {AnswerTimeout.TotalSeconds:0} s", command, cancellation);
    }

    public ValueTask DisposeAsync() => new(StopAllAsync(Workers, Seed));

    private static async Task StopAllAsync(IEnumerable<IHost> workers, IHost seed)
    {
        GalaxyLogging.PlannedShutdownStarted();
        foreach (var worker in workers) await StopAsync(worker);
        await StopAsync(seed);
    }

    private static async Task StopAsync(IHost host)
    {
        using var limit = new CancellationTokenSource(GalaxyHosts.ShutdownTimeout);
        try { await host.StopAsync(limit.Token); } catch (OperationCanceledException) { }
        host.Dispose();
    }
}
