using Akka.Actor;
using Akka.Hosting;
using GalaxyActors.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GalaxyActors.Cluster.Tests;

/// <summary>
/// The one in-process cluster of the cluster tests: a seed and two workers, separate ActorSystems over loopback TCP on
/// free ports, started through the same GalaxyHosts path the programs use (the pattern of Akka's
/// CoordinatedShutdownShardingSpec). Every message between nodes crosses TCP and so goes through the serializers; the
/// seed also runs with serialize-messages on, so its local traffic (runner → coordinator → cluster-client tunnel) is
/// serialized too. The workers keep production settings (strict mode) because in Akka 1.5.73 serialize-messages
/// breaks sharding's own DData ReadRepair message on worker nodes (it has no binding and does not survive the JSON
/// fallback), which stalls shard hand-off at shutdown. Subclasses say which job runner the seed has. Also gives each
/// test class a scratch folder.
/// </summary>
public abstract class InProcessTestCluster : IAsyncLifetime
{
    public const int WorkerCount = 2;

    public IHost Seed { get; private set; } = null!;
    public IHost[] Workers { get; private set; } = [];
    public string Folder { get; } = Directory.CreateTempSubdirectory("galaxy-cluster-").FullName;

    public ActorSystem SeedSystem => Seed.Services.GetRequiredService<ActorSystem>();

    public IActorRef Coordinator => Seed.Services.GetRequiredService<ActorRegistry>().Get<JobCoordinatorProxy>();

    /// <summary>Starts the seed node with these options (and the subclass's job runner).</summary>
    protected abstract Task<IHost> StartSeedAsync(GalaxyClusterOptions options);

    private static GalaxyClusterOptions Options(bool serializeAllMessages) => new()
    {
        Host = "127.0.0.1",
        Port = 0,
        SerializeAllMessages = serializeAllMessages,
        LogLevel = "Warning",
        JoinTimeout = TimeSpan.FromSeconds(60),
        // These clusters' jobs read the shared fixtures and write temp folders; confinement itself is the subject of
        // PathRootsTests and the process tests, so here every path is allowed, explicitly.
        DataRoots = "/",
        ResultRoots = "/",
    };

    public async Task InitializeAsync()
    {
        Seed = await StartSeedAsync(Options(serializeAllMessages: true));
        var workerOptions = Options(serializeAllMessages: false);
        workerOptions.SeedNodes = [GalaxyHosts.SeedNodeOf(Seed)];
        Workers = await Task.WhenAll(Enumerable.Range(0, WorkerCount).Select(_ => GalaxyHosts.StartWorkerAsync(workerOptions)));
        // Members being Up is not enough: the seed's region proxy must have registered with the shard coordinator.
        await GalaxyHosts.WaitForWorkerRegionsAsync(Seed, WorkerCount, TimeSpan.FromSeconds(90));
    }

    public async Task DisposeAsync()
    {
        // One at a time: each node leaves (and is removed) while the others can still converge; nodes leaving
        // together would see each other unreachable and wait for the split-brain resolver.
        foreach (var worker in Workers) await StopAsync(worker);
        await StopAsync(Seed);
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }

    private static async Task StopAsync(IHost host)
    {
        await host.StopAsync();
        host.Dispose();
    }
}
