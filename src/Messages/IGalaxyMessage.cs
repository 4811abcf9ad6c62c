namespace GalaxyActors.Messages;

/// <summary>Marker for every message GalaxyActors sends between nodes; bound to our own serializer.</summary>
public interface IGalaxyMessage;
