using System.Diagnostics;

namespace GalaxyActors.Core.Tests.Reporting;

/// <summary>Headless Debian Chromium, for checking that report.html really renders in a browser.</summary>
internal static class Chromium
{
    public static string Executable()
    {
        foreach (var candidate in new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" })
            if (File.Exists(candidate))
                return candidate;
        throw new InvalidOperationException(
            "chromium is not installed, so report.html cannot be checked in a browser: apt-get install -y chromium (.ci/run does this).");
    }

    /// <summary>Loads <paramref name="htmlPath"/> headless and returns the DOM after its scripts ran.</summary>
    public static string DumpDom(string htmlPath, TimeSpan timeout)
    {
        var profile = Directory.CreateTempSubdirectory("chromium-profile-").FullName;
        try
        {
            var start = new ProcessStartInfo(Executable())
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            // The flags keep a closed network quiet (no background connections, no update checks).
            foreach (var argument in new[]
                     {
                         "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                         "--disable-background-networking", "--disable-component-update", "--disable-sync",
                         "--disable-dev-shm-usage", $"--user-data-dir={profile}", "--virtual-time-budget=10000",
                         "--dump-dom", new Uri(htmlPath).AbsoluteUri,
                     })
                start.ArgumentList.Add(argument);
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"chromium did not finish rendering {htmlPath} within {timeout.TotalSeconds} s.");
            }
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"chromium exited {process.ExitCode}: {stderr.Result}");
            return stdout.Result;
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }
    }
}
