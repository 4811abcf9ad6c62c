using GalaxyActors.Core.Jobs;
using GalaxyActors.Core.Results;

namespace GalaxyActors.Core.Pipeline;

/// <summary>
/// A job's writes into its result folder, made safe for what was there before. The job writes everything into a
/// staging folder inside <c>--out</c> and <see cref="Commit"/> moves the files into place only when it succeeded, so
/// a job that fails or is killed leaves an earlier result folder as it was (a killed job leaves only its staging
/// folder, which the next job there removes). While the job runs it holds <c>--out</c>'s lock file, so a second job
/// given the same folder is refused at once rather than interleaving its files with the first's. A job whose input
/// is the feature store it would write (<c>--out D</c> for <c>D/features.h5</c>) is refused before any work.
/// </summary>
public sealed class ResultStaging : IDisposable
{
    /// <summary>The lock file a running job holds in its result folder.</summary>
    public const string LockFileName = ".galaxy-job.lock";

    /// <summary>Staging folders are named with this prefix and the job's id.</summary>
    public const string StagingPrefix = ".galaxy-staging-";

    private readonly FileStream _lock;
    private bool _committed;

    private ResultStaging(string outputDirectory, string stagingDirectory, FileStream held)
    {
        OutputDirectory = outputDirectory;
        StagingDirectory = stagingDirectory;
        _lock = held;
    }

    /// <summary>The job's result folder (<c>--out</c>), full path.</summary>
    public string OutputDirectory { get; }

    /// <summary>Where the job writes until it commits.</summary>
    public string StagingDirectory { get; }

    /// <summary>
    /// Checks that <paramref name="request"/> does not write over its own input, creates its result folder, takes its
    /// lock and makes an empty staging folder.
    /// </summary>
    /// <exception cref="InvalidInputException">The input is the job's own output, the folder cannot be made, or another job holds it.</exception>
    public static ResultStaging Begin(JobRequest request, string jobId)
    {
        RefuseOwnInput(request);
        var output = Path.GetFullPath(request.OutputDirectory);
        OutputPaths.EnsureDirectory(output);
        var held = TakeLock(output);
        try
        {
            // A staging folder left by a job that was killed is of no use to anyone: this job holds the lock now.
            foreach (var stale in Directory.EnumerateDirectories(output, StagingPrefix + "*")) Directory.Delete(stale, recursive: true);
            var staging = Path.Combine(output, StagingPrefix + SafeName(jobId));
            Directory.CreateDirectory(staging);
            return new ResultStaging(output, staging, held);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            held.Dispose();
            throw new InvalidInputException($"--out {output}: cannot prepare the result folder ({e.GetType().Name}).", e);
        }
    }

    /// <summary>A job never writes over its own input: refused before any work.</summary>
    /// <exception cref="InvalidInputException">An input of <paramref name="request"/> is the feature store the job writes.</exception>
    public static void RefuseOwnInput(JobRequest request)
    {
        var written = Path.GetFullPath(Path.Combine(request.OutputDirectory, ResultFolder.FeaturesFileName));
        foreach (var input in JobInputFiles(request))
            if (SameFile(input, written))
                throw new InvalidInputException($"--out {request.OutputDirectory}: the job would write {written}, which is its input {input}; choose another --out.");
    }

    /// <summary>True when two paths name the same file (the same full path, or a link to it).</summary>
    public static bool SameFile(string a, string b) => string.Equals(Resolved(a), Resolved(b), StringComparison.Ordinal);

    /// <summary>Moves every staged file into the result folder (replacing the earlier job's) and removes the staging folder.</summary>
    public void Commit()
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(StagingDirectory))
        {
            var target = Path.Combine(OutputDirectory, Path.GetFileName(entry));
            if (Directory.Exists(entry))
            {
                if (Directory.Exists(target)) Directory.Delete(target, recursive: true);
                Directory.Move(entry, target);
            }
            else
            {
                File.Move(entry, target, overwrite: true);
            }
        }
        Directory.Delete(StagingDirectory, recursive: true);
        _committed = true;
    }

    /// <summary>Removes the staging folder unless committed (the job failed or stopped) and releases the lock.</summary>
    public void Dispose()
    {
        try
        {
            if (!_committed && Directory.Exists(StagingDirectory)) Directory.Delete(StagingDirectory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left behind: the next job in this folder removes it.
        }
        _lock.Dispose();
    }

    private static IEnumerable<string> JobInputFiles(JobRequest request)
    {
        if (request.Input.ImagesPath is { } images) yield return images;
        if (request.Input.FeaturesPath is { } features) yield return features;
        if (request.Input.Labels?.Path is { } labels) yield return labels;
    }

    // On Unix, FileShare.None is an exclusive advisory lock the OS drops when its process dies: a killed job's lock
    // file is simply taken over, a running job's refuses the second.
    private static FileStream TakeLock(string output)
    {
        var path = Path.Combine(output, LockFileName);
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (IOException)
        {
            throw new InvalidInputException($"--out {output}: another job is writing its results there now; wait for it to end or choose another --out.");
        }
        catch (UnauthorizedAccessException)
        {
            throw new InvalidInputException($"--out {output}: cannot write in this folder (permission denied).");
        }
    }

    private static string Resolved(string path)
    {
        var full = Path.GetFullPath(path);
        try
        {
            return File.ResolveLinkTarget(full, returnFinalTarget: true)?.FullName ?? full;
        }
        catch (IOException)
        {
            return full;
        }
    }

    private static string SafeName(string jobId) => string.Concat(jobId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_'));
}
