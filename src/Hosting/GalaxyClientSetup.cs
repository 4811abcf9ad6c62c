using Akka.Cluster.Hosting;
using Akka.Configuration;
using Akka.Hosting;
using GalaxyActors.Hosting.Logging;
using Serilog.Events;

namespace GalaxyActors.Hosting;

/// <summary>
/// Setup for an outside program (the CLI's <c>galaxy submit</c>) that talks to a running cluster without joining it:
/// remoting only, the same serializer and frame size as the nodes, and a cluster client whose initial contacts are
/// the receptionists of <see cref="GalaxyClusterOptions.SeedNodes"/>.
/// </summary>
public static class GalaxyClientSetup
{
    /// <summary>How long the cluster client tries to reach a receptionist again before it gives up and stops.</summary>
    public static readonly TimeSpan ReconnectTimeout = TimeSpan.FromSeconds(12);

    /// <summary>
    /// Configures the client ActorSystem and registers a cluster client as <see cref="CoordinatorClient"/>. Send with
    /// <c>client.Tell(new ClusterClient.Send(GalaxyNames.CoordinatorServicePath, new SubmitJob(spec)), replyTo)</c>;
    /// the coordinator's replies and progress come back to <c>replyTo</c>.
    /// </summary>
    public static AkkaConfigurationBuilder ConfigureGalaxyClient(this AkkaConfigurationBuilder builder, GalaxyClusterOptions options)
    {
        options.Validate();
        var contacts = options.SeedNodeAddresses().Select(a => $"{a}/system/{GalaxyNames.ReceptionistName}").ToList();
        if (contacts.Count == 0) throw new Core.InvalidInputException("--seed-node HOST:PORT is required to reach a cluster");
        var level = Enum.Parse<LogEventLevel>(options.LogLevel, ignoreCase: true);
        GalaxyLogging.EnsureConfigured(["client"], options.EffectivePublicHostname, level);

        return builder
            // A client that cannot reach any receptionist for this long stops itself: `galaxy submit` watches it, so a seed
            // that dies mid-job is reported within ~30 s (heartbeat pause 13 s + this, measured 27 s), never waited on for ever.
            .AddHocon(ConfigurationFactory.ParseString($"akka.cluster.client.reconnect-timeout = {ReconnectTimeout.TotalSeconds:0}s"), HoconAddMode.Prepend)
            // The submitter death-watches the coordinator that accepted its job (JobFollower): a seed busy with a job's
            // analysis on a small machine must not be taken for dead, so allow a longer pause than the default 10 s.
            .AddHocon(ConfigurationFactory.ParseString("akka.remote.watch-failure-detector.acceptable-heartbeat-pause = 15s"), HoconAddMode.Prepend)
            .WithGalaxyTransport(options, level, strictSerialization: true)
            .WithClusterClient<CoordinatorClient>(contacts);
    }
}
