using System.CommandLine;
using System.Diagnostics;
using GalaxyActors.Core;
using GalaxyActors.Core.Jobs;
using GalaxyActors.Core.Pipeline;
using GalaxyActors.Core.Results;

namespace GalaxyActors.Seed.Cli;

/// <summary>
/// `galaxy bench job [--images 5000] [--workers 1,2]`: what the cluster costs. Runs one job on a rendered sample with
/// the compute library alone (<see cref="LocalJob"/>, no actors), then the same job through the coordinator on an
/// in-process cluster of each worker count, and prints per-phase and end-to-end wall times beside each other. The
/// coordinator's overhead is the cluster's end-to-end time minus the library's on the same data in the same run,
/// as a share of the cluster's time. Start-up of the cluster is shown apart: it is paid once, not per job.
/// </summary>
public static class JobBenchmarkCommand
{
    public static Command Create()
    {
        var images = new Option<int>("--images") { Description = "Galaxies in the rendered sample.", DefaultValueFactory = _ => 5000 };
        var workers = new Option<string>("--workers") { Description = "Worker counts to run, comma-separated.", DefaultValueFactory = _ => "1,2" };
        var keep = new Option<string?>("--out") { Description = "Keep the sample and the result folders here (default: a temporary folder, removed)." };
        var job = new JobOptionSet();
        var command = new Command("job", "End-to-end and per-phase wall times of one job: compute library alone vs. the cluster with N workers.")
        {
            images, workers, keep,
        };
        foreach (var option in job.All) command.Options.Add(option);
        command.SetHandler(async (parse, cancellation) =>
        {
            int count = parse.GetValue(images);
            if (count < 20) throw new InvalidInputException($"--images {count}: at least 20 are needed for a job.");
            var workerCounts = ParseCounts(parse.GetValue(workers)!);
            var root = parse.GetValue(keep) is { } given ? Path.GetFullPath(given) : Directory.CreateTempSubdirectory("galaxy-bench-job-").FullName;
            try
            {
                OutputPaths.EnsureDirectory(root);
                var sample = Path.Combine(root, "sample.h5");
                Console.WriteLine($"Rendering {count} synthetic galaxies → {sample}");
                SampleFile.Make(sample, count, parse.GetValue(job.Seed));
                JobRequest RequestFor(string folder) => JobRequestReader.Read(parse, job, sample, null, Path.Combine(root, folder));

                // Untimed warm-up on a few images: JIT, the model file and the ONNX Runtime libraries are loaded once per
                // process, so the first timed run would otherwise pay for them alone.
                var warmUp = RequestFor("warm-up");
                LocalJob.Run(warmUp with { Input = warmUp.Input with { Limit = 20 }, Analysis = new AnalysisOptions { KMax = 3, NInit = 1, FeatureNorm = warmUp.Analysis.FeatureNorm } });

                var runs = new List<(string Name, double Wall, JobSummary Summary, string Folder)>();
                var watch = Stopwatch.StartNew();
                LocalJob.Run(RequestFor("library"));
                runs.Add(("library alone", watch.Elapsed.TotalSeconds, SummaryJson.Read(Path.Combine(root, "library")), "library"));

                var startups = new List<string>();
                foreach (int w in workerCounts)
                {
                    var folder = $"cluster-{w}";
                    var request = RequestFor(folder);
                    watch.Restart();
                    await using var cluster = await InProcessCluster.StartAsync(w, request, cancellation);
                    startups.Add($"{w} worker(s): {watch.Elapsed.TotalSeconds:F1} s");
                    watch.Restart();
                    int exit = await cluster.RunJobAsync(request, "bench", cancellation);
                    double wall = watch.Elapsed.TotalSeconds;
                    if (exit != 0) throw new InvalidOperationException($"the job on {w} worker(s) failed (exit {exit})");
                    runs.Add(($"cluster, {w} worker(s)", wall, SummaryJson.Read(request.OutputDirectory), folder));
                }

                Print(runs, startups, root);
                return 0;
            }
            finally
            {
                if (parse.GetValue(keep) is null) TryDelete(root);
            }
        });
        return command;
    }

    private static void Print(List<(string Name, double Wall, JobSummary Summary, string Folder)> runs, List<string> startups, string root)
    {
        var phases = runs[0].Summary.Timings.Keys.Where(k => k != "total").ToList();
        Console.WriteLine();
        Console.WriteLine($"| phase | {string.Join(" | ", runs.Select(r => r.Name + " (s)"))} |");
        Console.WriteLine($"|---|{string.Concat(runs.Select(_ => "---:|"))}");
        foreach (var phase in phases)
            Console.WriteLine($"| {phase} | {string.Join(" | ", runs.Select(r => r.Summary.Timings.TryGetValue(phase, out var t) ? t.ToString("F2") : "–"))} |");
        Console.WriteLine($"| **end to end** | {string.Join(" | ", runs.Select(r => r.Wall.ToString("F2")))} |");
        var library = runs[0];
        var libraryAssignments = File.ReadAllBytes(Path.Combine(root, library.Folder, AssignmentsCsv.FileName));
        Console.WriteLine();
        foreach (var run in runs.Skip(1))
        {
            double overhead = (run.Wall - library.Wall) / run.Wall;
            bool same = File.ReadAllBytes(Path.Combine(root, run.Folder, AssignmentsCsv.FileName)).AsSpan().SequenceEqual(libraryAssignments);
            Console.WriteLine($"{run.Name}: coordinator overhead {overhead * 100:F1} % of end to end ({run.Wall - library.Wall:F2} s); " +
                              $"assignments {(same ? "identical to" : "DIFFERENT from")} the library's");
        }
        Console.WriteLine($"cluster start-up (once per cluster, not per job): {string.Join(", ", startups)}");
    }

    private static int[] ParseCounts(string text)
    {
        var counts = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, out int n) || n < 1)
                throw new InvalidInputException($"--workers {text}: expected worker counts ≥ 1, comma-separated (e.g. 1,2).");
            counts.Add(n);
        }
        return counts.Count > 0 ? [.. counts] : throw new InvalidInputException("--workers: give at least one worker count.");
    }

    /// <summary>Removes a benchmark's temporary folder; a file still held open leaves it behind, not an error.</summary>
    internal static void TryDelete(string folder)
    {
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
