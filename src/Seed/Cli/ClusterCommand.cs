using System.CommandLine;
using GalaxyActors.Core.Pipeline;

namespace GalaxyActors.Seed.Cli;

/// <summary>`galaxy cluster --features FILE.h5 --out DIR [job options]`: the analysis alone, in one process.</summary>
public static class ClusterCommand
{
    public static Command Create()
    {
        var features = new Option<string>("--features") { Description = "Feature store (features float32 [N,D]).", Required = true };
        var output = new Option<string>("--out") { Description = "Results folder.", Required = true };
        var job = new JobOptionSet();
        var command = new Command("cluster", "PCA → elbow K-means → kNN graph → spectral clustering → metrics on a feature store.") { features, output };
        foreach (var option in job.AnalysisOptions) command.Options.Add(option);
        command.SetHandler((parse, cancellation) =>
        {
            var request = JobRequestReader.Read(parse, job, null, parse.GetValue(features), parse.GetValue(output)!);
            var summary = LocalJob.Run(request, new ConsoleProgress(), cancellation);
            JobSummaryPrinter.Print(summary, request.OutputDirectory);
            return Task.FromResult(0);
        });
        return command;
    }
}
