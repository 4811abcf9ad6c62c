namespace GalaxyActors.Core.Tests;

/// <summary>
/// Locates the independent reference fixtures in <c>../shared/fixtures</c> beside the repository root
/// (made with scikit-learn and the HDF5 C library, never by this project).
/// </summary>
public static class Fixtures
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string Directory => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "fixtures"));

    public static string PathOf(string fileName)
    {
        var path = Path.Combine(Directory, fileName);
        if (!File.Exists(path))
            throw new FileNotFoundException($"Fixture {fileName} not found in {Directory}: the tests read ../shared/fixtures beside the repository root.", path);
        return path;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "GalaxyActors.sln")))
                return dir.FullName;
        throw new InvalidOperationException("GalaxyActors.sln not found above the test binaries.");
    }
}
