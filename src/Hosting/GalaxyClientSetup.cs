using Akka.Cluster.Hosting;
using Akka.Cluster.Tools.Client;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Configuration;
using Akka.Hosting;
using Akka.Logger.Serilog;
using Akka.Remote.Hosting;
using GalaxyActors.Hosting.Logging;
using GalaxyActors.Messages;
using GalaxyActors.Messages.Serialization;
using Serilog.Events;

namespace GalaxyActors.Hosting;

/// <summary>
/// Setup for an outside program (the CLI's <c>galaxy submit</c>) that talks to a running cluster without joining it:
/// remoting only, the same serializer and frame size as the nodes, and a cluster client whose initial contacts are
/// the receptionists of <see cref="GalaxyClusterOptions.SeedNodes"/>.
/// </summary>
public static class GalaxyClientSetup
{
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
            .AddHocon(ConfigurationFactory.ParseString("akka.cluster.client.reconnect-timeout = off"), HoconAddMode.Prepend)
            // A non-member system does not load Akka.Cluster.Tools' reference config, which binds the pub-sub
            // envelope (PublishSubscribe.Send) a ClusterClient.Send travels in. Without it strict serialization
            // drops every request ("Serialization failed for message [...Send-->SubmitJob]").
            .AddHocon(DistributedPubSub.DefaultConfig(), HoconAddMode.Append)
            .AddHocon(ClusterClientReceptionist.DefaultConfig(), HoconAddMode.Append)
            .ConfigureLoggers(loggers =>
            {
                loggers.LogLevel = GalaxyLogging.ToAkka(level);
                loggers.LogConfigOnStart = false;
                loggers.ClearLoggers();
                loggers.AddLogger<SerilogLogger>();
            })
            .WithRemoting(new RemoteOptions
            {
                HostName = options.Host,
                PublicHostName = options.EffectivePublicHostname,
                Port = options.Port,
                MaxFrameSize = WireLimits.MaxFrameSizeBytes,
                SendBufferSize = WireLimits.MaxFrameSizeBytes,
                ReceiveBufferSize = WireLimits.MaxFrameSizeBytes,
            })
            .AddGalaxySerialization()
            .WithStrictSerialization()
            .WithClusterClient<CoordinatorClient>(contacts);
    }
}
