using Akka.Configuration;

namespace GalaxyActors.Cluster.Tests;

/// <summary>HOCON for TestKit's own ActorSystem, which plays the outside program (the CLI): remoting only, our serializer bound.</summary>
public static class TestConfig
{
    public static Config OutsideClient => ConfigurationFactory.ParseString("""
        akka.actor.provider = remote
        akka.remote.dot-netty.tcp.hostname = 127.0.0.1
        akka.remote.dot-netty.tcp.port = 0
        akka.remote.dot-netty.tcp.maximum-frame-size = 4194304
        akka.actor.serializers.galaxy = "GalaxyActors.Messages.Serialization.GalaxySerializer, GalaxyActors.Messages"
        akka.actor.serialization-bindings {
          "GalaxyActors.Messages.IGalaxyMessage, GalaxyActors.Messages" = galaxy
        }
        akka.loglevel = WARNING
        """).WithFallback(Akka.Cluster.Tools.Client.ClusterClientReceptionist.DefaultConfig());
}
