using GalaxyActors.Core.Jobs;

namespace GalaxyActors.Cluster.Tests;

/// <summary>Job requests for the cluster tests.</summary>
public static class TestJobs
{
    /// <summary>An images job with every default (DESIGN.md §1).</summary>
    public static JobRequest ForImages(string imagesPath, string outDir) =>
        new() { Input = new JobInput { ImagesPath = imagesPath }, OutputDirectory = outDir };
}
