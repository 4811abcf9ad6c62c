using Akka.Hosting;

namespace GalaxyActors.Messages.Serialization;

/// <summary>Binds every <see cref="IGalaxyMessage"/> to <see cref="GalaxySerializer"/> in an Akka.Hosting setup.</summary>
public static class GalaxySerializationSetup
{
    /// <summary>The serializer's name in <c>akka.actor.serializers</c>.</summary>
    public const string SerializerName = "galaxy";

    /// <summary>
    /// Registers <see cref="GalaxySerializer"/> and binds the <see cref="IGalaxyMessage"/> marker to it, so every
    /// message type (present and future) uses it. Every node must call this: an unbound type on one side breaks the wire.
    /// </summary>
    public static AkkaConfigurationBuilder AddGalaxySerialization(this AkkaConfigurationBuilder builder) =>
        builder.WithCustomSerializer(SerializerName, [typeof(IGalaxyMessage)], system => new GalaxySerializer(system));
}
