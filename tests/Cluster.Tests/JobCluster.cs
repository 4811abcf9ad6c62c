using GalaxyActors.Hosting;
using Microsoft.Extensions.Hosting;

namespace GalaxyActors.Cluster.Tests;

/// <summary>The in-process cluster whose seed runs real jobs: the production job runner and input check.</summary>
public sealed class JobCluster : InProcessTestCluster
{
    protected override Task<IHost> StartSeedAsync(GalaxyClusterOptions options) => GalaxyHosts.StartJobSeedAsync(options);
}
