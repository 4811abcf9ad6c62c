namespace GalaxyActors.Hosting;

/// <summary>
/// A node could not become an Up member of the cluster in time (seed down or unreachable, a port or address mix-up).
/// Not bad input: the request was fine, the cluster was not there. The CLI reports it in one line and exits 1.
/// </summary>
public sealed class ClusterJoinException(string message) : Exception(message);
