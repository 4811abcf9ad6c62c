using Akka.Actor;
using GalaxyActors.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GalaxyActors.Cluster.Tests;

/// <summary>
/// A real cluster in this process: one seed and two workers, separate ActorSystems talking over loopback TCP on free
/// ports, started through the same GalaxyHosts path the programs use. Every message between nodes crosses TCP and so
/// goes through the serializers. The seed also runs with serialize-messages on, so its local traffic (runner ->
/// coordinator -> cluster-client tunnel) is serialized too; the workers keep production settings (strict mode)
/// because in Akka 1.5.73 serialize-messages breaks sharding's own DData ReadRepair message on worker nodes (it has
/// no binding and does not survive the JSON fallback), which stalls shard hand-off at shutdown.
/// </summary>
public sealed class ThreeNodeCluster : IAsyncLifetime
{
    public IHost Seed { get; private set; } = null!;
    public IHost[] Workers { get; private set; } = [];

    public ActorSystem SeedSystem => Seed.Services.GetRequiredService<ActorSystem>();

    private static GalaxyClusterOptions Options(bool serializeAllMessages) => new()
    {
        Host = "127.0.0.1",
        Port = 0,
        SerializeAllMessages = serializeAllMessages,
        LogLevel = "Warning",
        JoinTimeout = TimeSpan.FromSeconds(30),
    };

    public async Task InitializeAsync()
    {
        Seed = await GalaxyHosts.StartSeedAsync(Options(serializeAllMessages: true), PingSlicesRunner.Factory);
        var workerOptions = Options(serializeAllMessages: false);
        workerOptions.SeedNodes = [GalaxyHosts.SeedNodeOf(Seed)];
        Workers = await Task.WhenAll(GalaxyHosts.StartWorkerAsync(workerOptions), GalaxyHosts.StartWorkerAsync(workerOptions));
    }

    public async Task DisposeAsync()
    {
        // One at a time: each node leaves (and is removed) while the others can still converge; nodes leaving
        // together would see each other unreachable and wait for the split-brain resolver.
        foreach (var worker in Workers) await StopAsync(worker);
        await StopAsync(Seed);
    }

    private static async Task StopAsync(IHost host)
    {
        await host.StopAsync();
        host.Dispose();
    }
}
