namespace GalaxyActors.Hosting;

/// <summary>Actor names and paths every node and the CLI must agree on.</summary>
public static class GalaxyNames
{
    /// <summary>Default ActorSystem name; all members of one cluster share it.</summary>
    public const string DefaultSystemName = "galaxy";

    /// <summary>Sharding type name of the slice entities.</summary>
    public const string SliceTypeName = "slices";

    /// <summary>Name of the job coordinator's singleton manager (under /user).</summary>
    public const string CoordinatorSingletonName = "job-coordinator";

    /// <summary>
    /// Path a cluster client sends to (<c>ClusterClient.Send(CoordinatorServicePath, msg)</c>): the coordinator's
    /// singleton proxy on the seed node, registered with the receptionist.
    /// </summary>
    public const string CoordinatorServicePath = "/user/" + CoordinatorSingletonName + "-proxy";

    /// <summary>Name of the cluster-client receptionist under /system.</summary>
    public const string ReceptionistName = "receptionist";
}
