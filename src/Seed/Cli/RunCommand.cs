using System.CommandLine;
using GalaxyActors.Core;
using GalaxyActors.Core.Pipeline;

namespace GalaxyActors.Seed.Cli;

/// <summary>
/// `galaxy run (--input FILE.h5 | --features FILE.h5 | --demo) --out DIR [job options]`: the
/// one-command way to use the system. `--demo` first renders a labelled synthetic sample.
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
        var job = new JobOptionSet();
        var command = new Command("run", "Run one whole job: embed, analyse, write the results.") { input, features, demo, demoCount, output };
        foreach (var option in job.All) command.Options.Add(option);
        command.SetHandler((parse, cancellation) =>
        {
            var outputDirectory = parse.GetValue(output)!;
            var inputPath = parse.GetValue(input);
            var sources = (inputPath != null ? 1 : 0) + (parse.GetValue(features) != null ? 1 : 0) + (parse.GetValue(demo) ? 1 : 0);
            if (sources != 1)
                throw new InvalidInputException("Give exactly one of --input FILE.h5, --features FILE.h5 or --demo.");
            if (parse.GetValue(demo))
            {
                OutputPaths.EnsureDirectory(outputDirectory);
                inputPath = Path.Combine(outputDirectory, DemoFileName);
                Console.WriteLine($"Rendering {parse.GetValue(demoCount)} synthetic galaxies → {inputPath}");
                SampleFile.Make(inputPath, parse.GetValue(demoCount), parse.GetValue(job.Seed));
            }
            var request = JobRequestReader.Read(parse, job, inputPath, parse.GetValue(features), outputDirectory);
            var summary = LocalJob.Run(request, new ConsoleProgress(), cancellation);
            JobSummaryPrinter.Print(summary, outputDirectory);
            return Task.FromResult(0);
        });
        return command;
    }
}
