using PureHDF;

namespace GalaxyActors.Core.Hdf5;

/// <summary>Places a dataset at a slash-separated path ("pca/components") in a PureHDF file being built, creating the groups on the way.</summary>
internal static class Hdf5GroupPaths
{
    public static void Add(H5Group root, string path, object dataset)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
            throw new ArgumentException($"Dataset path '{path}' is empty.", nameof(path));
        var group = root;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            if (!group.TryGetValue(parts[i], out var existing))
            {
                var created = new H5Group();
                group[parts[i]] = created;
                group = created;
            }
            else
            {
                group = existing as H5Group
                    ?? throw new ArgumentException($"Cannot create '{path}': '{string.Join('/', parts[..(i + 1)])}' is already a dataset.", nameof(path));
            }
        }
        if (group.ContainsKey(parts[^1]))
            throw new ArgumentException($"Dataset path '{path}' is used twice.", nameof(path));
        group[parts[^1]] = dataset;
    }

    /// <summary>Writes to a sibling temporary file, then moves it over <paramref name="path"/>, so readers never see half a file.</summary>
    public static string TemporaryPathFor(string path) => path + ".tmp";

    public static void ReplaceWith(string temporaryPath, string path) => File.Move(temporaryPath, path, overwrite: true);

    public static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Cleaning up after a failure must not hide the failure itself.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
