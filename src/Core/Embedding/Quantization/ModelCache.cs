namespace GalaxyActors.Core.Embedding.Quantization;

/// <summary>
/// A folder of derived models named by content hash. Writes are atomic (a uniquely named temporary file in the same
/// folder, then a rename over the final name), so a process never reads a half-written model even when several
/// workers on one machine build the same model at once: each writes identical bytes and the last rename wins.
/// </summary>
public static class ModelCache
{
    /// <summary>Environment variable naming the cache folder; it wins over the XDG default.</summary>
    public const string EnvironmentVariable = "GALAXY_MODEL_CACHE";

    /// <summary>$GALAXY_MODEL_CACHE, else $XDG_CACHE_HOME/galaxy-actors/models, else ~/.cache/galaxy-actors/models.</summary>
    public static string DefaultDirectory
    {
        get
        {
            var explicitDirectory = Environment.GetEnvironmentVariable(EnvironmentVariable);
            if (!string.IsNullOrWhiteSpace(explicitDirectory))
                return explicitDirectory;
            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            var root = !string.IsNullOrWhiteSpace(xdg)
                ? xdg
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            return Path.Combine(root, "galaxy-actors", "models");
        }
    }

    /// <summary>The bytes cached at <paramref name="path"/>, or null when there are none.</summary>
    public static byte[]? TryRead(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Stores <paramref name="bytes"/> at <paramref name="path"/> atomically, creating the folder.</summary>
    public static void Write(string path, byte[] bytes)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        try
        {
            Directory.CreateDirectory(directory);
            var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
            try
            {
                File.WriteAllBytes(temporary, bytes);
                File.Move(temporary, path, overwrite: true);
            }
            finally
            {
                File.Delete(temporary);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"Model cache {directory} cannot be written ({e.Message}); set {EnvironmentVariable} to a writable folder.", e);
        }
    }
}
