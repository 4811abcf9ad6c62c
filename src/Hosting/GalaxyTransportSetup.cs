using Akka.Cluster.Tools.Client;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Hosting;
using Akka.Logger.Serilog;
using Akka.Remote.Hosting;
using GalaxyActors.Hosting.Logging;
using GalaxyActors.Hosting.Security;
using GalaxyActors.Messages;
using GalaxyActors.Messages.Serialization;
using Serilog.Events;

namespace GalaxyActors.Hosting;

/// <summary>
/// What every ActorSystem that talks to the cluster shares, member or not: remoting with the same
/// frame size, our serializer, the pub-sub envelope bindings cluster-client traffic travels in, and
/// Serilog. Nodes and the submitting CLI both call it, so the two sides cannot drift apart.
/// </summary>
internal static class GalaxyTransportSetup
{
    public static AkkaConfigurationBuilder WithGalaxyTransport(this AkkaConfigurationBuilder builder, GalaxyClusterOptions options,
        LogEventLevel level, bool strictSerialization)
    {
        var remote = new RemoteOptions
        {
            HostName = options.Host,
            PublicHostName = options.EffectivePublicHostname,
            Port = options.Port,
            MaxFrameSize = WireLimits.MaxFrameSizeBytes,
            SendBufferSize = WireLimits.MaxFrameSizeBytes,
            ReceiveBufferSize = WireLimits.MaxFrameSizeBytes,
        };
        // Mutual TLS when certificates are configured: every connection, node to node and submit to seed.
        if (GalaxyTls.Load(options) is { } tls)
        {
            remote.EnableSsl = true;
            remote.Ssl = tls.ToSslOptions();
        }
        return builder
            // A non-member system does not load Akka.Cluster.Tools' reference config, which binds the pub-sub
            // envelope (PublishSubscribe.Send) a ClusterClient.Send travels in; members need the same bindings
            // whatever their role. Without them strict serialization drops every request
            // ("Serialization failed for message [...Send-->SubmitJob]").
            .AddHocon(DistributedPubSub.DefaultConfig(), HoconAddMode.Append)
            .AddHocon(ClusterClientReceptionist.DefaultConfig(), HoconAddMode.Append)
            .ConfigureLoggers(loggers =>
            {
                loggers.LogLevel = GalaxyLogging.ToAkka(level);
                loggers.LogConfigOnStart = false;
                loggers.ClearLoggers();
                // Akka 1.5.73's default (semantic) formatter already understands Serilog-style {Named} templates.
                loggers.AddLogger<SerilogLogger>();
            })
            .WithRemoting(remote)
            .AddGalaxySerialization()
            // Strict: no System.Object fallback serializer, so a message type nobody bound fails at once instead of
            // travelling as reflection-driven JSON (slow for arrays, and any type could be materialised).
            .WithStrictSerialization(strictSerialization);
    }
}
