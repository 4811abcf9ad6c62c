using GalaxyActors.Core;
using GalaxyActors.Core.Jobs;

namespace GalaxyActors.Hosting.Security;

/// <summary>
/// Where a cluster's jobs may read (data roots) and write (result roots). The coordinator confines every path of a
/// submitted job before anything else looks at it: each is made absolute, every symbolic link on it is followed, and the
/// real path must lie under a root, or the job is refused with one line that says only that the path is outside the
/// roots (not whether it exists). The job then carries the real paths, so what was checked is what the workers open —
/// a link inside a root swapped for one pointing out later does not move the job.
/// </summary>
public sealed class PathRoots
{
    /// <summary>Environment variables (and configuration keys) an operator sets; named in refusals.</summary>
    public const string DataRootsKey = "GALAXY__DATAROOTS", ResultRootsKey = "GALAXY__RESULTROOTS";

    // Symbolic links followed on one path before it is refused as a loop (Linux's own limit is 40).
    private const int MaxLinksFollowed = 40;

    /// <summary>Roots as given, each resolved to its real path.</summary>
    public PathRoots(IEnumerable<string> dataRoots, IEnumerable<string> resultRoots)
    {
        DataRoots = dataRoots.Select(root => RealPath(root)).Distinct().ToList();
        ResultRoots = resultRoots.Select(root => RealPath(root)).Distinct().ToList();
        if (DataRoots.Count == 0 || ResultRoots.Count == 0)
            throw new InvalidInputException($"{DataRootsKey} and {ResultRootsKey} must each name at least one folder");
    }

    /// <summary>The real folders (or files) jobs may read under.</summary>
    public IReadOnlyList<string> DataRoots { get; }

    /// <summary>The real folders jobs may write under.</summary>
    public IReadOnlyList<string> ResultRoots { get; }

    /// <summary>
    /// Roots from a <see cref="Path.PathSeparator"/>-separated list each (like PATH: <c>/data:/more-data</c>); an unset or
    /// empty list means the node's current folder, so a node started without configuration reaches nothing beyond where it runs.
    /// </summary>
    public static PathRoots Parse(string? dataRoots, string? resultRoots) => new(Split(dataRoots), Split(resultRoots));

    private static IEnumerable<string> Split(string? roots)
    {
        var parts = (roots ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Length == 0 ? [Directory.GetCurrentDirectory()] : parts;
    }

    /// <summary>
    /// <paramref name="request"/> with every path replaced by its real path, each checked against its roots.
    /// </summary>
    /// <exception cref="InvalidInputException">A path lies outside its roots; the message names the option.</exception>
    public JobRequest Confine(JobRequest request)
    {
        var input = request.Input;
        return request with
        {
            Input = input with
            {
                ImagesPath = Read(input.ImagesPath, "--input"),
                FeaturesPath = Read(input.FeaturesPath, "--features"),
                Labels = input.Labels with { Path = Read(input.Labels.Path, "--labels") },
            },
            Embedding = request.Embedding with { ModelPath = Read(request.Embedding.ModelPath, "--model") },
            OutputDirectory = Confined(request.OutputDirectory, "--out", ResultRoots, ResultRootsKey)!,
        };
    }

    private string? Read(string? path, string option) => Confined(path, option, DataRoots, DataRootsKey);

    private static string? Confined(string? path, string option, IReadOnlyList<string> roots, string key)
    {
        if (path is null) return null;
        string real;
        try
        {
            real = RealPath(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw Outside(path, option, key, roots);
        }
        if (!roots.Any(root => IsUnder(real, root))) throw Outside(path, option, key, roots);
        return real;
    }

    // The same words whether the path exists or not, and never anything read from it.
    private static InvalidInputException Outside(string path, string option, string key, IReadOnlyList<string> roots) =>
        new($"{option} {InputText.Brief(path)}: outside the folders this cluster may {(key == DataRootsKey ? "read" : "write")} ({key}: {string.Join(Path.PathSeparator, roots)})");

    /// <summary>Whether <paramref name="realPath"/> is <paramref name="root"/> or lies below it (both real paths).</summary>
    public static bool IsUnder(string realPath, string root) =>
        root == "/"
        || realPath.Equals(root, StringComparison.Ordinal)
        || realPath.StartsWith(root.EndsWith('/') ? root : root + "/", StringComparison.Ordinal);

    /// <summary>
    /// The absolute path with <c>.</c>, <c>..</c> and every symbolic link on it resolved, like realpath(3), except that a
    /// path whose tail does not exist yet (an output folder to be made) keeps that tail as written.
    /// </summary>
    public static string RealPath(string path) => RealPath(path, linksLeft: MaxLinksFollowed);

    private static string RealPath(string path, int linksLeft)
    {
        string full = Path.GetFullPath(path);
        string root = Path.GetPathRoot(full)!;
        string current = root;
        foreach (var part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            string next = Path.Combine(current, part);
            // FileInfo reads the entry itself (lstat), so a link to a folder is seen as a link too.
            if (new FileInfo(next).LinkTarget is { } target)
            {
                if (linksLeft == 0) throw new IOException("too many levels of symbolic links");
                // The target's own folders may be links: resolve it whole. `current` has no links left, so a `..` in a
                // relative target means the same lexically as on disk.
                current = RealPath(Path.IsPathRooted(target) ? target : Path.Combine(current, target), linksLeft - 1);
            }
            else
            {
                current = next;
            }
        }
        return current.Length > root.Length ? current.TrimEnd(Path.DirectorySeparatorChar) : current;
    }
}
