using Akka.Cluster;
using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Configuration;
using Akka.Hosting;
using GalaxyActors.Hosting.Logging;
using Serilog.Events;

namespace GalaxyActors.Hosting;

/// <summary>
/// The ONE place a node's Akka setup is decided. Seed and worker hosts both call
/// <see cref="ConfigureGalaxyCluster"/>: a differing split-brain resolver, serializer binding or frame size between
/// nodes splits or silently breaks a cluster, so none of those are per-host choices.
/// </summary>
public static class GalaxyClusterSetup
{
    /// <summary>
    /// Remoting (bind/advertise, 4 MiB frames and buffers), clustering (seed nodes, roles), keep-majority split-brain
    /// resolver, our serializer in strict mode, Serilog logging, the compute dispatcher, and the receptionist's tunnel
    /// timeout. With no seed nodes configured the node joins itself (the first node of a new cluster).
    /// </summary>
    /// <param name="role">The host's role (<see cref="GalaxyRoles"/>); <see cref="GalaxyClusterOptions.Roles"/> are added to it.</param>
    public static AkkaConfigurationBuilder ConfigureGalaxyCluster(this AkkaConfigurationBuilder builder, GalaxyClusterOptions options, string role)
    {
        options.Validate();
        var roles = RolesOf(options, role);
        var seeds = options.SeedNodeAddresses();
        var level = Enum.Parse<LogEventLevel>(options.LogLevel, ignoreCase: true);
        GalaxyLogging.EnsureConfigured(roles, options.EffectivePublicHostname, level);

        builder
            .AddHocon(ConfigurationFactory.ParseString(Hocon(options)), HoconAddMode.Prepend)
            // Akka 1.5.73's own local-only messages (RegisterTerminationHook, ClusterUserAction.JoinTo,
            // InternalClusterAction.Subscribe, ...) have no binding, so with serialize-messages on strict mode stops
            // the cluster from even joining itself: the two switches exclude each other (verified on this version).
            .WithGalaxyTransport(options, level, strictSerialization: !options.SerializeAllMessages)
            .WithClustering(new ClusterOptions
            {
                Roles = [.. roles],
                SeedNodes = [.. seeds],
                // Majority among the seed-role members only: the side holding the seed (or most seeds, as in deploy/k8s)
                // always stays, however many workers are lost, and workers cut off from every seed down themselves and
                // exit, so their supervisor (compose restart policy, a Deployment) starts them again to join the seed
                // that is back. A plain keep-majority downed a lone seed whose workers had all died. Run one seed or an odd
                // number (deploy/k8s: three): with two, losing one is a tie, which goes to the lowest address, so losing
                // galaxy-seed-0 would down galaxy-seed-1 too. Keep-oldest (role seed, down-if-alone) was tried for two
                // seeds and downed the surviving seed instead when the oldest was killed (Akka.NET 1.5.73).
                SplitBrainResolver = new KeepMajorityOption { Role = GalaxyRoles.Seed },
            });

        if (seeds.Count == 0)
        {
            // No seed configured: this node is the first of a new cluster. Joining its own address (known only after
            // binding, so it also works with port 0) forms a one-node cluster the others join.
            builder.AddStartup((system, _) => Cluster.Get(system).Join(Cluster.Get(system).SelfAddress));
        }
        return builder;
    }

    /// <summary>The node's roles: the host's role plus the configured extra ones, without duplicates.</summary>
    public static IReadOnlyList<string> RolesOf(GalaxyClusterOptions options, string role) =>
        new[] { role }.Concat(options.Roles).Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => r.Trim().ToLowerInvariant()).Distinct().ToList();

    /// <summary>Settings Akka.Hosting has no typed option for.</summary>
    private static string Hocon(GalaxyClusterOptions options) => $$"""
        akka.actor.serialize-messages = {{(options.SerializeAllMessages ? "on" : "off")}}
        # Sharding keeps its coordinator state in DData, in memory only: remember-entities is off (the served
        # LightningDB breaks it), so nothing needs the durable store.
        akka.cluster.sharding.distributed-data.durable.keys = []
        # Replies to a cluster client (job progress) go through a tunnel that closes after this much silence.
        akka.cluster.client.receptionist.response-tunnel-receive-timeout = 10m
        # A node the SBR downs, or that leaves, terminates its ActorSystem; Akka.Hosting then stops the host.
        akka.coordinated-shutdown.run-by-actor-system-terminate = on
        akka.cluster.run-coordinated-shutdown-when-down = on
        # Akka 1.5.73's singleton proxy starts its identification-failure timer with a zero initial delay, so every
        # node warns "failed to find … after 30 seconds" the moment it starts, before the singleton could exist. A
        # coordinator that really cannot be reached shows as `submit`'s own one-line timeout instead.
        akka.cluster.singleton-proxy.log-singleton-identification-failure = off
        {{GalaxyDispatchers.Hocon(options.ComputeThreads)}}
        """;
}
