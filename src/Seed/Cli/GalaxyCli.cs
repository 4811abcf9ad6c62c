using System.CommandLine;

namespace GalaxyActors.Seed.Cli;

/// <summary>The `galaxy` command tree.</summary>
public static class GalaxyCli
{
    public static RootCommand Build()
    {
        var root = new RootCommand("GalaxyActors: sort galaxy images by shape, without labels, on an Akka.NET cluster.");
        root.Subcommands.Add(MakeSampleCommand.Create());
        root.Subcommands.Add(EmbedCommand.Create());
        root.Subcommands.Add(ClusterCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(SeedCommand.Create());
        root.Subcommands.Add(SubmitCommand.Create());
        root.Subcommands.Add(CancelCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        return root;
    }
}
