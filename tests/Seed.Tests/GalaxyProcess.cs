using System.Diagnostics;

namespace GalaxyActors.Seed.Tests;

/// <summary>Runs the real `galaxy` program (galaxy.dll beside the test binaries) as an OS process.</summary>
public static class GalaxyProcess
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static Result Run(TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "galaxy.dll"));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"galaxy {string.Join(' ', arguments)} did not finish within {timeout}.");
        }
        return new Result(process.ExitCode, output.Result, error.Result);
    }

    public static Result Run(params string[] arguments) => Run(TimeSpan.FromMinutes(5), arguments);
}
