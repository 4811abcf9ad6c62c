namespace GalaxyActors.Hosting;

/// <summary>Cluster roles (DESIGN.md §2). A node may hold both (single-machine mode).</summary>
public static class GalaxyRoles
{
    /// <summary>Seed node: hosts the job coordinator singleton and the cluster-client receptionist.</summary>
    public const string Seed = "seed";

    /// <summary>Worker node: hosts the shard region of slice entities.</summary>
    public const string Worker = "worker";
}
