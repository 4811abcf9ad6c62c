using System.CommandLine;
using GalaxyActors.Core.Pipeline;

namespace GalaxyActors.Seed.Cli;

/// <summary>`galaxy make-sample --out FILE.h5 [--count 2000] [--seed 1]`</summary>
public static class MakeSampleCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "HDF5 file to write.", Required = true };
        var count = new Option<int>("--count") { Description = "Number of galaxies.", DefaultValueFactory = _ => 2000 };
        var seed = new Option<int>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 1 };
        var command = new Command("make-sample", "Render synthetic galaxies (all ten Galaxy10 classes, labelled) in the Galaxy10 layout.")
        {
            output, count, seed,
        };
        command.SetHandler(parse =>
        {
            var path = parse.GetValue(output)!;
            SampleFile.Make(path, parse.GetValue(count), parse.GetValue(seed));
            Console.WriteLine($"Wrote {parse.GetValue(count)} synthetic galaxies to {path}");
            return 0;
        });
        return command;
    }
}
