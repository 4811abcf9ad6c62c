namespace GalaxyActors.Benchmarks;

/// <summary>
/// The process's peak resident memory per benchmark stage: Linux keeps the high-water mark in
/// /proc/self/status (VmHWM) and resets it when "5" is written to /proc/self/clear_refs, so each
/// stage's peak can be read on its own. Elsewhere it reports the managed heap's size instead.
/// </summary>
public static class PeakMemory
{
    public static void Reset()
    {
        try { File.WriteAllText("/proc/self/clear_refs", "5"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    public static double MegabytesSinceReset()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line.AsSpan(6).Trim().ToString().Split(' ')[0]) / 1024.0;
        }
        catch (IOException) { }
        return GC.GetTotalMemory(false) / (1024.0 * 1024.0);
    }
}
