namespace GalaxyActors.Seed.Tests;

/// <summary>Starts the deployed programs as a cluster on 127.0.0.1: `galaxy seed` and `galaxy-node` workers.</summary>
public static class ClusterNodes
{
    public static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(90);

    /// <summary>A seed address on a free local port.</summary>
    public static string NewSeedNode() => $"127.0.0.1:{LocalPorts.Free()}";

    /// <summary>A seed node at <paramref name="seedNode"/>, once it says it is up.</summary>
    /// <remarks>Its jobs read and write under the temp folder (GALAXY__DATAROOTS, GALAXY__RESULTROOTS), where the tests' files live.</remarks>
    /// <param name="allSeeds">Every seed of a cluster with several (GALAXY__SEEDNODES__n, as deploy/k8s sets them); start the first one first.</param>
    public static GalaxyProcess.Running StartSeed(string seedNode, IReadOnlyList<string>? allSeeds = null)
    {
        var port = seedNode[(seedNode.LastIndexOf(':') + 1)..];
        var environment = new Dictionary<string, string> { ["GALAXY__DATAROOTS"] = Path.GetTempPath(), ["GALAXY__RESULTROOTS"] = Path.GetTempPath() };
        for (int i = 0; i < (allSeeds?.Count ?? 0); i++) environment[$"GALAXY__SEEDNODES__{i}"] = allSeeds![i];
        var seed = GalaxyProcess.Start(GalaxyProcess.Galaxy, environment, "seed", "--host", "127.0.0.1", "--port", port);
        seed.WaitForOutput("seed node up at", StartPatience);
        return seed;
    }

    /// <summary>A worker that joined the seed at <paramref name="seedNode"/>.</summary>
    public static GalaxyProcess.Running StartWorker(string seedNode)
    {
        var worker = GalaxyProcess.Start(GalaxyProcess.Node, "--seed-node", seedNode, "--host", "127.0.0.1", "--port", "0");
        worker.WaitForOutput("joined the cluster", StartPatience);
        return worker;
    }
}
