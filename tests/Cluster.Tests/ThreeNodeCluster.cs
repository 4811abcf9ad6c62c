using GalaxyActors.Hosting;
using Microsoft.Extensions.Hosting;

namespace GalaxyActors.Cluster.Tests;

/// <summary>The in-process cluster whose seed's jobs only ping every slice (<see cref="PingSlicesRunner"/>): membership, sharding and the client path.</summary>
public sealed class ThreeNodeCluster : InProcessTestCluster
{
    protected override Task<IHost> StartSeedAsync(GalaxyClusterOptions options) => GalaxyHosts.StartSeedAsync(options, PingSlicesRunner.Factory);
}
