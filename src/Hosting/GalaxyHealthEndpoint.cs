using System.Net;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GalaxyActors.Hosting;

/// <summary>
/// The HTTP health endpoint a node serves on <see cref="GalaxyClusterOptions.HealthPort"/> for container healthchecks
/// and Kubernetes probes: <see cref="LivePath"/> answers 200 while the ActorSystem runs (Akka.Hosting's liveness
/// check), <see cref="ReadyPath"/> 200 once the node is also an Up (or WeaklyUp) cluster member (Akka.Cluster.Hosting's
/// readiness check); otherwise 503. Served by Kestrel inside the node's own generic host, so it starts and stops with
/// the node and answers only while the process really runs the node.
/// </summary>
public static class GalaxyHealthEndpoint
{
    /// <summary>Liveness: the ActorSystem has not terminated. A failing liveness probe restarts the container.</summary>
    public const string LivePath = "/health/live";

    /// <summary>Readiness: alive and an Up member of the cluster.</summary>
    public const string ReadyPath = "/health/ready";

    private const string LiveTag = "live";
    private const string ReadyTag = "ready";

    /// <summary>Registers the two Akka health checks (they cost nothing until the endpoint asks).</summary>
    internal static AkkaConfigurationBuilder WithGalaxyHealthChecks(this AkkaConfigurationBuilder builder) => builder
        .WithActorSystemLivenessCheck(tags: [LiveTag])
        .WithAkkaClusterReadinessCheck(tags: [ReadyTag]);

    /// <summary>Adds the HTTP endpoint when <see cref="GalaxyClusterOptions.HealthPort"/> is set; a no-op otherwise.</summary>
    internal static IHostBuilder UseGalaxyHealthEndpoint(this IHostBuilder hostBuilder, GalaxyClusterOptions options)
    {
        if (options.HealthPort is not { } port) return hostBuilder;
        return hostBuilder.ConfigureWebHost(web => web
            .UseKestrel(kestrel =>
            {
                // Bound where remoting is bound: loopback for a local node, every interface in a container (0.0.0.0),
                // so a probe from the kubelet or the Docker engine reaches it.
                if (IPAddress.TryParse(options.Host, out var address) && !address.Equals(IPAddress.Any) && !address.Equals(IPAddress.IPv6Any))
                    kestrel.Listen(address, port);
                else
                    kestrel.ListenAnyIP(port);
            })
            .ConfigureServices(services => services.AddHealthChecks())
            .Configure(app => app
                .UseHealthChecks(LivePath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(LiveTag) })
                // Ready implies alive: a terminated ActorSystem may still report its last cluster state.
                .UseHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(LiveTag) || check.Tags.Contains(ReadyTag) })));
    }
}
