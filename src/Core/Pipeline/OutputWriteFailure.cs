namespace GalaxyActors.Core.Pipeline;

/// <summary>
/// A job's result files could not be written — the disk or a quota is full, the folder was made read-only meanwhile:
/// one line naming <c>--out</c> and the system's reason, in place of an exception (PureHDF wraps its write errors in a
/// <see cref="System.Reflection.TargetInvocationException"/>). What the folder held before stays whole: the job was
/// writing into its staging folder.
/// </summary>
public static class OutputWriteFailure
{
    /// <summary>Runs <paramref name="write"/>, turning an I/O failure inside it into <see cref="InvalidInputException"/>.</summary>
    /// <param name="directory">Where it writes: <c>--out</c>, or the job's staging folder inside it.</param>
    public static T Guard<T>(string directory, Func<T> write)
    {
        try
        {
            return write();
        }
        catch (Exception e) when (e is not InvalidInputException && IoCause(e) is { } cause)
        {
            throw new InvalidInputException($"--out {OutFolderOf(directory)}: the results could not be written ({InputText.Brief(cause.Message)}); earlier results there are unchanged.", e);
        }
    }

    /// <inheritdoc cref="Guard{T}(string, Func{T})"/>
    public static void Guard(string directory, Action write) => Guard(directory, () => { write(); return true; });

    /// <summary>The I/O error at the root of <paramref name="e"/>, if that is what it is.</summary>
    public static Exception? IoCause(Exception e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
            if (inner is IOException or UnauthorizedAccessException) return inner;
        return null;
    }

    private static string OutFolderOf(string directory)
    {
        var full = Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar);
        return Path.GetFileName(full).StartsWith(ResultStaging.StagingPrefix, StringComparison.Ordinal) ? Path.GetDirectoryName(full)! : full;
    }
}
