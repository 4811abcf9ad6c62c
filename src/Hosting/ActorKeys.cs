namespace GalaxyActors.Hosting;

// Keys for Akka.Hosting's ActorRegistry (registry.Get<SliceRegion>() / IRequiredActor<SliceRegion>), so actors are
// looked up by role instead of being passed around.

/// <summary>The slice shard region on a worker, or the shard-region proxy on a seed-only node.</summary>
public sealed class SliceRegion;

/// <summary>The proxy to the job coordinator singleton (on seed nodes).</summary>
public sealed class JobCoordinatorProxy;

/// <summary>A cluster client (in an outside program) whose contacts are the seed nodes' receptionists.</summary>
public sealed class CoordinatorClient;
