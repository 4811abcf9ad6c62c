namespace GalaxyActors.Seed.Tests;

/// <summary>
/// The <see cref="BadInputCatalogue"/> through the real programs: each case, run locally and submitted to a running
/// cluster, exits non-zero with exactly one line on stderr naming the file, dataset or option, and no stack trace;
/// the cluster then serves a good job. Every failing case is reported, not just the first.
/// </summary>
[Collection("processes")]
public sealed class BadInputCatalogueTests(BadInputCatalogue catalogue, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<BadInputCatalogue>
{
    private static readonly TimeSpan CasePatience = TimeSpan.FromSeconds(90);

    // ConsoleProgress's plain line: "pca        [....]  0 % 0/1 …"; and submit's "job … accepted" notes.
    private static readonly System.Text.RegularExpressions.Regex ProgressLine = new(@"^(\S+\s+\[[#.]+\]|job \S+ accepted|job \S+: \d+ job)");

    private static string? Problem(BadInputCatalogue.Case bad, GalaxyProcess.Result result)
    {
        // Progress lines of a job that started before the problem showed are not part of the error.
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(line => !ProgressLine.IsMatch(line)).ToArray();
        if (result.ExitCode == 0) return $"{bad.Name}: exit 0";
        if (lines.Length != 1) return $"{bad.Name}: {lines.Length} lines on stderr:\n{result.Error}";
        if (result.Error.Contains("   at ", StringComparison.Ordinal)) return $"{bad.Name}: a stack trace";
        if (lines[0].Length > 1000) return $"{bad.Name}: a {lines[0].Length}-character line";
        var unnamed = bad.Mentions.Where(m => !lines[0].Contains(m, StringComparison.Ordinal)).ToList();
        return unnamed.Count == 0 ? null : $"{bad.Name}: '{lines[0]}' does not name {string.Join(", ", unnamed)}";
    }

    [Fact]
    public void The_catalogue_has_every_kind_of_bad_input()
    {
        Assert.True(catalogue.Cases.Count >= 25, $"{catalogue.Cases.Count} cases");
        Assert.Equal(catalogue.Cases.Count, catalogue.Cases.Select(c => c.Name).Distinct().Count());
    }

    [Fact]
    public void Every_bad_input_to_a_local_command_is_one_line_naming_it()
    {
        var problems = catalogue.Cases.Select(bad => Problem(bad, GalaxyProcess.Run(CasePatience, bad.Local))).OfType<string>().ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        output.WriteLine($"{catalogue.Cases.Count} local cases, each one line");
    }

    [Fact]
    public void Every_bad_job_submitted_to_a_cluster_is_one_line_naming_it_and_the_cluster_then_runs_a_good_job()
    {
        var seedNode = ClusterNodes.NewSeedNode();
        using var seed = ClusterNodes.StartSeed(seedNode);
        using var worker = ClusterNodes.StartWorker(seedNode);
        var submitted = catalogue.Cases.Where(c => c.Submitted is not null).ToList();
        var problems = submitted.Select(bad => Problem(bad, GalaxyProcess.Run(CasePatience, ["submit", "--seed-node", seedNode, .. bad.Submitted!])))
            .OfType<string>().ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        output.WriteLine($"{submitted.Count} submitted cases, each one line");

        var good = GalaxyProcess.Run(TimeSpan.FromMinutes(5), "submit", "--seed-node", seedNode, "--input", catalogue.Good, "--out", catalogue.File("good-out"),
            "--k-max", "3", "--slice-size", "8");
        Assert.True(good.ExitCode == 0, good.Output + good.Error);
        Assert.False(seed.HasExited);
    }
}
