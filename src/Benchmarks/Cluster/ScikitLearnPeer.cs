using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace GalaxyActors.Benchmarks;

/// <summary>What scikit-learn's peer measured: median seconds per stage (names as <see cref="StageTiming.Stage"/>), its PCA size and elbow SSE.</summary>
public sealed record PeerResult(IReadOnlyDictionary<string, double> Seconds, int Components, double[]? Sse);

/// <summary>The peer's figures, or the one line that says why there are none.</summary>
public sealed record PeerOutcome(PeerResult? Result, string? Absent);

/// <summary>The peer ready to run, or the one line that says why it cannot.</summary>
public sealed record PeerLocation(ScikitLearnPeer? Peer, string? Absent);

/// <summary>
/// scikit-learn's timings of the same analysis stages (../shared/peers/sklearn_stages.py), run beside
/// <see cref="ClusterBenchmark"/> on the same features file. Finding the script and python3, running it and
/// reading its JSON live here; the CLI only prints. Whenever the peer gives no figures, the reason is one line.
/// </summary>
public sealed class ScikitLearnPeer
{
    /// <summary>The script's place relative to the repository root (and to the usual working directory, the root).</summary>
    public static readonly string RelativeScript = Path.Combine("..", "shared", "peers", "sklearn_stages.py");

    /// <summary>The file at the repository's root, what <see cref="RepositoryRoot"/> looks for.</summary>
    public const string SolutionFile = "GalaxyActors.sln";

    private ScikitLearnPeer(string script, string python)
    {
        Script = script;
        Python = python;
    }

    /// <summary>Full path of the peer script.</summary>
    public string Script { get; }

    /// <summary>Full path of the python3 that runs it.</summary>
    public string Python { get; }

    /// <summary>
    /// Finds the script and python3. <paramref name="script"/> (--peer) is taken as given, relative to
    /// <paramref name="currentDirectory"/>; otherwise <see cref="RelativeScript"/> is looked for relative to the current
    /// directory and to the repository root found from <paramref name="baseDirectory"/>, so it is found from any working
    /// directory. python3 is looked for on <paramref name="searchPath"/>.
    /// </summary>
    /// <param name="currentDirectory">Default: the process's current directory.</param>
    /// <param name="baseDirectory">Where the executable lies; default <see cref="AppContext.BaseDirectory"/>.</param>
    /// <param name="searchPath">Directories to find python3 in, as PATH; default the PATH environment variable, then /usr/bin
    /// (where the Debian packages of ../shared/peers/README.md put it).</param>
    public static PeerLocation Locate(string? script = null, string? currentDirectory = null, string? baseDirectory = null, string? searchPath = null)
    {
        currentDirectory ??= Directory.GetCurrentDirectory();
        baseDirectory ??= AppContext.BaseDirectory;
        searchPath ??= string.Join(Path.PathSeparator, Environment.GetEnvironmentVariable("PATH") ?? "", "/usr/bin");
        string found;
        if (script != null)
        {
            found = Path.GetFullPath(script, currentDirectory);
            if (!File.Exists(found))
                return new PeerLocation(null, $"the peer script {found} (--peer) does not exist");
        }
        else
        {
            var candidates = ScriptCandidates(currentDirectory, baseDirectory);
            var existing = candidates.FirstOrDefault(File.Exists);
            if (existing == null)
            {
                var root = RepositoryRoot(baseDirectory) == null ? $"; no {SolutionFile} above {baseDirectory}" : "";
                return new PeerLocation(null, $"the peer script was not found at {string.Join(" or ", candidates)}{root}; give it with --peer PATH");
            }
            found = existing;
        }
        var python = FindPython(searchPath);
        return python == null
            ? new PeerLocation(null, $"python3 was not found on PATH ({searchPath})")
            : new PeerLocation(new ScikitLearnPeer(found, python), null);
    }

    /// <summary>Where <see cref="Locate"/> looks for the script when none is given, in order, without duplicates.</summary>
    public static IReadOnlyList<string> ScriptCandidates(string currentDirectory, string baseDirectory)
    {
        var candidates = new List<string> { Path.GetFullPath(RelativeScript, currentDirectory) };
        if (RepositoryRoot(baseDirectory) is { } root)
            candidates.Add(Path.GetFullPath(RelativeScript, root));
        return candidates.Distinct().ToList();
    }

    /// <summary>The nearest folder at or above <paramref name="directory"/> that holds <see cref="SolutionFile"/>; null when none does.</summary>
    public static string? RepositoryRoot(string directory)
    {
        for (var folder = new DirectoryInfo(Path.GetFullPath(directory)); folder != null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, SolutionFile)))
                return folder.FullName;
        return null;
    }

    /// <summary>The first python3 in the folders of <paramref name="searchPath"/> (PATH's format); null when none has one.</summary>
    public static string? FindPython(string searchPath)
    {
        var names = OperatingSystem.IsWindows() ? new[] { "python3.exe", "python.exe" } : ["python3"];
        foreach (var folder in searchPath.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            foreach (var name in names)
            {
                var candidate = Path.Combine(folder, name);
                if (File.Exists(candidate))
                    return Path.GetFullPath(candidate);
            }
        return null;
    }

    /// <summary>Runs the peer on <paramref name="featuresPath"/> with our repeats and skipped stages; a failure is a one-line reason, not an exception.</summary>
    public PeerOutcome Run(string featuresPath, string dataset, int repeats, IReadOnlySet<string> skip)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { Script, "--features", featuresPath, "--dataset", dataset, "--repeats", repeats.ToString(CultureInfo.InvariantCulture), "--skip", string.Join(',', skip) })
            start.ArgumentList.Add(argument);
        // The peer at its best: OpenBLAS misdetects these CPUs and picks slow generic kernels otherwise (../shared/peers/README.md).
        start.Environment["OPENBLAS_CORETYPE"] = "SkylakeX";
        start.Environment.Remove("OPENBLAS_L2_SIZE");
        string output, error;
        int exitCode;
        try
        {
            using var process = Process.Start(start)!;
            var errorRead = process.StandardError.ReadToEndAsync();
            output = process.StandardOutput.ReadToEnd();
            error = errorRead.GetAwaiter().GetResult();
            process.WaitForExit();
            exitCode = process.ExitCode;
        }
        catch (Win32Exception e)
        {
            return new PeerOutcome(null, $"the peer could not start ({Python}): {e.Message}");
        }
        if (exitCode != 0)
            return new PeerOutcome(null, $"the peer failed (exit {exitCode}): {LastLine(error) ?? "no message on stderr"}");
        try
        {
            using var json = JsonDocument.Parse(output);
            var seconds = json.RootElement.GetProperty("seconds").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
            var sse = json.RootElement.TryGetProperty("kmeans_sse", out var s) ? s.EnumerateArray().Select(v => v.GetDouble()).ToArray() : null;
            return new PeerOutcome(new PeerResult(seconds, json.RootElement.GetProperty("pca_components").GetInt32(), sse), null);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return new PeerOutcome(null, $"the peer's output is not the JSON expected: {e.Message}");
        }
    }

    private static string? LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
}
