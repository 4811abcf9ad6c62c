using System.CommandLine;
using GalaxyActors.Core.Reporting;

namespace GalaxyActors.Seed.Cli;

/// <summary>`galaxy report --results DIR`: redraws a finished job's figures and report.html from its files, recomputing nothing.</summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var results = new Option<string>("--results") { Description = "Results folder of a finished job (summary.json, features.h5).", Required = true };
        var command = new Command("report", "Re-render the plots, montages and report.html of a finished job from its result folder.") { results };
        command.SetHandler(parse =>
        {
            var files = ReportWriter.Write(parse.GetValue(results)!);
            if (files.ImagesUnavailableReason != null)
                Console.WriteLine($"galaxy report: no galaxies in the montages: {files.ImagesUnavailableReason}");
            Console.WriteLine($"report: {Path.GetFullPath(files.ReportPath)}");
            return 0;
        });
        return command;
    }
}
