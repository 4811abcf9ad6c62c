namespace GalaxyActors.Core.Pipeline;

/// <summary>Creates output locations up front, so a bad path fails before any work, with its name.</summary>
public static class OutputPaths
{
    public static void EnsureParentDirectory(string filePath)
    {
        var parent = Path.GetDirectoryName(Path.GetFullPath(filePath));
        if (parent != null) EnsureDirectory(parent);
    }

    public static void EnsureDirectory(string directory)
    {
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"{directory}: cannot create the output folder ({e.Message}).", e);
        }
    }
}
