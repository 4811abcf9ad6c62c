namespace GalaxyActors.Cluster.Tests;

/// <summary>Cluster tests bind ports and start several ActorSystems: they run one at a time, never in parallel.</summary>
[CollectionDefinition("cluster", DisableParallelization = true)]
public sealed class ClusterCollection;
