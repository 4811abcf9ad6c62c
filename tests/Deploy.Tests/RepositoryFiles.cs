namespace GalaxyActors.Deploy.Tests;

/// <summary>Files of this repository, found from the test binaries upwards (the folder holding GalaxyActors.sln).</summary>
public static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    public static string Read(string relative) => File.ReadAllText(PathOf(relative));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GalaxyActors.sln"))) return dir.FullName;
        }
        throw new DirectoryNotFoundException($"no GalaxyActors.sln above {AppContext.BaseDirectory}");
    }
}
