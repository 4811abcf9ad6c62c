using System.CommandLine;
using System.Diagnostics;
using GalaxyActors.Benchmarks;
using GalaxyActors.Core;
using GalaxyActors.Core.Embedding;
using GalaxyActors.Core.Pipeline;
using GalaxyActors.Core.Results;
using GalaxyActors.Hosting.Coordination;

namespace GalaxyActors.Seed.Cli;

/// <summary>
/// `galaxy bench scale (--input FILE.h5 | --features FILE.h5) [--workers 2] [job options]`: one whole job on an
/// in-process cluster, as `galaxy run` runs it, with its wall time, the process's peak resident memory and the phase
/// times, set against issue 15's targets: a feature store through the cluster in under 10 minutes and 6 GB (stated for
/// 10⁶ × 512 on 2 cores), and for images the job end to end within 1.15× its embedding, the cluster's embedding rate at
/// ≥ 95 % of standalone `galaxy embed`'s on the same file (run first, in this process, unless --no-embed-alone).
/// </summary>
public static class ScaleBenchmarkCommand
{
    public static Command Create()
    {
        var input = new Option<string?>("--input") { Description = "HDF5 images in the Galaxy10 layout." };
        var features = new Option<string?>("--features") { Description = "A feature store to start from instead." };
        var workers = new Option<int>("--workers") { Description = "Worker nodes started in this process.", DefaultValueFactory = _ => 2 };
        var keep = new Option<string?>("--out") { Description = "Keep the results here (default: a temporary folder, removed)." };
        var noEmbedAlone = new Option<bool>("--no-embed-alone") { Description = "Skip the standalone embedding that the cluster's rate is compared with." };
        var job = new JobOptionSet();
        var command = new Command("scale", "One job through the in-process cluster: wall time, peak memory and phases against issue 15's targets.")
        {
            input, features, workers, keep, noEmbedAlone,
        };
        foreach (var option in job.All) command.Options.Add(option);
        command.SetHandler(async (parse, cancellation) =>
        {
            var imagesPath = parse.GetValue(input) is { } i ? Path.GetFullPath(i) : null;
            var featuresPath = parse.GetValue(features) is { } f ? Path.GetFullPath(f) : null;
            if ((imagesPath is null) == (featuresPath is null))
                throw new InvalidInputException("Give exactly one of --input FILE.h5 or --features FILE.h5.");
            var workerCount = parse.GetValue(workers);
            if (workerCount < 1)
                throw new InvalidInputException($"--workers {workerCount}: at least one worker node is needed.");
            var root = parse.GetValue(keep) is { } given ? Path.GetFullPath(given) : Directory.CreateTempSubdirectory("galaxy-bench-scale-").FullName;
            try
            {
                OutputPaths.EnsureDirectory(root);
                var request = JobRequestReader.Read(parse, job, imagesPath, featuresPath, Path.Combine(root, "job"));
                if (JobInputCheck.Problem(request) is { } problem) throw new InvalidInputException(problem);

                EmbedOutcome? alone = null;
                if (imagesPath is not null && !parse.GetValue(noEmbedAlone))
                {
                    Console.WriteLine("standalone embedding (galaxy embed's path) …");
                    alone = EmbedCommand.Embed(request, Path.Combine(root, "embed-alone.h5"), EmbedderOptions.DefaultBatchSize,
                        Environment.ProcessorCount, progress: null);
                }

                PeakMemory.Reset();
                var wall = Stopwatch.StartNew();
                await using (var cluster = await InProcessCluster.StartAsync(workerCount, request, cancellation))
                {
                    var exit = await cluster.RunJobAsync(request, "bench", cancellation);
                    if (exit != 0) throw new InvalidOperationException($"the job failed (exit {exit})");
                }
                var seconds = wall.Elapsed.TotalSeconds;
                var peakGigabytes = PeakMemory.MegabytesSinceReset() / 1024;
                Print(SummaryJson.Read(request.OutputDirectory), seconds, peakGigabytes, alone, workerCount);
                return 0;
            }
            finally
            {
                if (parse.GetValue(keep) is null) JobBenchmarkCommand.TryDelete(root);
            }
        });
        return command;
    }

    private static void Print(JobSummary summary, double wall, double peakGigabytes, EmbedOutcome? alone, int workers)
    {
        var n = summary.Input.Images;
        Console.WriteLine();
        Console.WriteLine($"{n:N0} points, {summary.Model.FeatureDim}-d → PCA {summary.Pca.Components}-d, {workers} worker(s), {Environment.ProcessorCount} cores");
        Console.WriteLine("| phase | s |");
        Console.WriteLine("|---|---:|");
        foreach (var (phase, time) in summary.Timings)
            Console.WriteLine($"| {phase} | {time:F1} |");
        Console.WriteLine($"| **wall, cluster start included** | {wall:F1} |");
        Console.WriteLine();
        Console.WriteLine($"peak resident memory of the process: {peakGigabytes:F2} GB");
        if (summary.Spectral.Knn is { } knn)
            Console.WriteLine($"kNN graph: {knn.Method}{(knn.Recall is { } recall ? $", recall@{summary.Spectral.Neighbors} {recall:F3} on {knn.RecallSample} rows" : "")}");
        if (summary.Map is { } map)
            Console.WriteLine($"map: {map.Method}{(map.Repulsion is { } r ? $" ({r})" : "")}, {map.Embedded:N0} embedded, {map.Placed:N0} placed");

        Console.WriteLine();
        Console.WriteLine("issue 15's targets:");
        if (summary.Timings.TryGetValue("embed", out var embed) && embed > 0)
        {
            var total = summary.Timings.GetValueOrDefault("total", wall);
            Console.WriteLine($"  job end to end / its embedding: {total:F1} / {embed:F1} s = {total / embed:F2}× (target ≤ 1.15×)");
            if (alone is not null)
            {
                var inCluster = n / embed;
                Console.WriteLine($"  embedding rate in the cluster / standalone: {inCluster:F1} / {alone.ImagesPerSecond:F1} images/s = " +
                                  $"{inCluster / alone.ImagesPerSecond * 100:F1} % (target ≥ 95 %)");
            }
        }
        else
        {
            Console.WriteLine($"  feature store through the cluster: {wall / 60:F1} min (target < 10 min at 10⁶ × 512), " +
                              $"peak {peakGigabytes:F2} GB (target < 6 GB)");
        }
    }
}
