using Akka.Actor;
using Akka.Hosting;
using GalaxyActors.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GalaxyActors.Cluster.Tests;

/// <summary>
/// A cluster that runs real jobs, in this process: a seed with the production job runner and input check, and two
/// workers, over loopback TCP on free ports. The seed runs with serialize-messages on, as in <see cref="ThreeNodeCluster"/>,
/// so the runner's own traffic to the coordinator is serialized too. Also gives each test class a scratch folder.
/// </summary>
public sealed class JobCluster : IAsyncLifetime
{
    public IHost Seed { get; private set; } = null!;
    public IHost[] Workers { get; private set; } = [];
    public string Folder { get; } = Directory.CreateTempSubdirectory("galaxy-cluster-").FullName;

    public ActorSystem SeedSystem => Seed.Services.GetRequiredService<ActorSystem>();

    public IActorRef Coordinator => Seed.Services.GetRequiredService<ActorRegistry>().Get<JobCoordinatorProxy>();

    private static GalaxyClusterOptions Options(bool serializeAllMessages) => new()
    {
        Host = "127.0.0.1",
        Port = 0,
        SerializeAllMessages = serializeAllMessages,
        LogLevel = "Warning",
        JoinTimeout = TimeSpan.FromSeconds(60),
    };

    public async Task InitializeAsync()
    {
        Seed = await GalaxyHosts.StartJobSeedAsync(Options(serializeAllMessages: true));
        var workerOptions = Options(serializeAllMessages: false);
        workerOptions.SeedNodes = [GalaxyHosts.SeedNodeOf(Seed)];
        Workers = await Task.WhenAll(GalaxyHosts.StartWorkerAsync(workerOptions), GalaxyHosts.StartWorkerAsync(workerOptions));
        // Members being Up is not enough: the seed's region proxy must have registered with the shard coordinator.
        await GalaxyHosts.WaitForWorkerRegionsAsync(Seed, 2, TimeSpan.FromSeconds(90));
    }

    public async Task DisposeAsync()
    {
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
