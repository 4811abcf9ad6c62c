using System.CommandLine;
using System.Diagnostics;
using GalaxyActors.Core;
using GalaxyActors.Core.Pipeline;
using GalaxyActors.Hosting.Coordination;

namespace GalaxyActors.Seed.Cli;

/// <summary>
/// `galaxy run (--input FILE.h5 | --features FILE.h5 | --demo) --out DIR [--workers 2] [job options]`: the one-command
/// way to use the system. Starts a whole cluster inside this process (a seed node and N worker nodes, separate
/// ActorSystems on loopback with free ports), runs one job through the coordinator exactly as a submitted job runs,
/// and stops the cluster. `--demo` first renders a labelled synthetic sample.
/// </summary>
public static class RunCommand
{
    public const string DemoFileName = "demo-sample.h5";


    public static Command Create()
    {
        var input = new Option<string?>("--input") { Description = "HDF5 images in the Galaxy10 layout." };
        var features = new Option<string?>("--features") { Description = "Start from a feature store instead of images." };
        var demo = new Option<bool>("--demo") { Description = "Render a synthetic labelled sample and run on it." };
        var demoCount = new Option<int>("--demo-count") { Description = "Galaxies in the demo sample.", DefaultValueFactory = _ => 2000 };
        var output = new Option<string>("--out") { Description = "Results folder.", Required = true };
        var workers = new Option<int>("--workers") { Description = "Worker nodes started in this process.", DefaultValueFactory = _ => 2 };
        var job = new JobOptionSet();
        var command = new Command("run", "Run one whole job on an in-process cluster: embed, analyse, write the results.") { input, features, demo, demoCount, output, workers };
        foreach (var option in job.All) command.Options.Add(option);
        command.SetHandler(async (parse, cancellation) =>
        {
            var outputDirectory = Path.GetFullPath(parse.GetValue(output)!);
            var inputPath = parse.GetValue(input);
            var featuresPath = parse.GetValue(features);
            var sources = (inputPath != null ? 1 : 0) + (featuresPath != null ? 1 : 0) + (parse.GetValue(demo) ? 1 : 0);
            if (sources != 1)
                throw new InvalidInputException("Give exactly one of --input FILE.h5, --features FILE.h5 or --demo.");
            var workerCount = parse.GetValue(workers);
            if (workerCount < 1)
                throw new InvalidInputException($"--workers {workerCount}: at least one worker node is needed.");
            if (parse.GetValue(demo))
            {
                OutputPaths.EnsureDirectory(outputDirectory);
                inputPath = Path.Combine(outputDirectory, DemoFileName);
                Console.WriteLine($"Rendering {parse.GetValue(demoCount)} synthetic galaxies → {inputPath}");
                SampleFile.Make(inputPath, parse.GetValue(demoCount), parse.GetValue(job.Seed));
            }
            var request = JobRequestReader.Read(parse, job,
                inputPath == null ? null : Path.GetFullPath(inputPath),
                featuresPath == null ? null : Path.GetFullPath(featuresPath),
                outputDirectory);
            // The coordinator checks this too; checking first avoids starting a cluster for a job it would reject.
            if (JobInputCheck.Problem(request) is { } problem) throw new InvalidInputException(problem);

            var wall = Stopwatch.StartNew();
            await using var cluster = await InProcessCluster.StartAsync(workerCount, request, cancellation);
            Console.Error.WriteLine($"in-process cluster up: seed {cluster.SeedNode} + {workerCount} worker(s) ({wall.Elapsed.TotalSeconds:F1} s)");
            var exit = await cluster.RunJobAsync(request, "run", cancellation);
            Console.Error.WriteLine($"wall time {wall.Elapsed.TotalSeconds:F1} s");
            return exit;
        });
        return command;
    }
}
