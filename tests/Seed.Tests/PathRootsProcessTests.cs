using GalaxyActors.Core.Pipeline;
using Xunit.Abstractions;

namespace GalaxyActors.Seed.Tests;

/// <summary>
/// `galaxy seed` with data and result roots, probed through `galaxy submit` as a stranger on the network would: every
/// path outside the roots is refused before any work, in one line that reads the same whether the path exists or not
/// and shows nothing of its contents.
/// </summary>
public sealed class PathRootsProcessTests(ITestOutputHelper output)
{
    [Fact]
    public void A_seed_refuses_every_job_path_outside_its_roots_in_one_line_and_accepts_one_inside()
    {
        using var temp = new TempFolder();
        var data = Directory.CreateDirectory(temp.File("data")).FullName;
        var results = Directory.CreateDirectory(temp.File("results")).FullName;
        var good = Path.Combine(data, "good.h5");
        SampleFile.Make(good, 24, 3);
        File.CreateSymbolicLink(Path.Combine(data, "passwd.h5"), "/etc/passwd");
        var seedNode = ClusterNodes.NewSeedNode();
        var port = seedNode[(seedNode.LastIndexOf(':') + 1)..];
        using var seed = GalaxyProcess.Start(GalaxyProcess.Galaxy,
            new Dictionary<string, string> { ["GALAXY__DATAROOTS"] = data, ["GALAXY__RESULTROOTS"] = results },
            "seed", "--host", "127.0.0.1", "--port", port);
        seed.WaitForOutput($"jobs may read under {data} (GALAXY__DATAROOTS) and write under {results}", ClusterNodes.StartPatience);
        var goodOut = Path.Combine(results, "run");

        (string Name, string[] Job, string Mentions)[] outside =
        [
            ("a system file", ["--input", "/etc/passwd", "--out", goodOut], "--input /etc/passwd: outside the folders this cluster may read"),
            ("a file that does not exist", ["--input", "/etc/nowhere.h5", "--out", goodOut], "--input /etc/nowhere.h5: outside the folders this cluster may read"),
            ("a ../ escape", ["--input", Path.Combine(data, "..", "..", "..", "etc", "passwd"), "--out", goodOut], "outside the folders this cluster may read"),
            ("a link out of the root", ["--input", Path.Combine(data, "passwd.h5"), "--out", goodOut], "outside the folders this cluster may read"),
            ("labels outside", ["--input", good, "--labels", "/etc/shadow", "--out", goodOut], "--labels /etc/shadow: outside"),
            ("a model outside", ["--input", good, "--model", "/etc/passwd", "--out", goodOut], "--model /etc/passwd: outside"),
            ("results outside", ["--input", good, "--out", "/etc/galaxy"], "--out /etc/galaxy: outside the folders this cluster may write"),
            ("results into the data", ["--input", good, "--out", Path.Combine(data, "out")], "outside the folders this cluster may write"),
        ];
        foreach (var (name, job, mentions) in outside)
        {
            var refused = GalaxyProcess.Run(TimeSpan.FromSeconds(60), ["submit", "--seed-node", seedNode, .. job]);
            output.WriteLine($"{name}: exit {refused.ExitCode}: {refused.Error.Trim()}");
            Assert.Equal(2, refused.ExitCode);
            Assert.Single(refused.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains(mentions, refused.Error);
            Assert.DoesNotContain("root:", refused.Error); // nothing read from /etc/passwd
        }

        // Inside the roots the job passes confinement and reaches the input check: a missing file is named as missing.
        var missing = Path.Combine(data, "nowhere.h5");
        var inside = GalaxyProcess.Run(TimeSpan.FromSeconds(60), "submit", "--seed-node", seedNode, "--input", missing, "--out", goodOut);
        Assert.Equal(2, inside.ExitCode);
        Assert.Contains(missing, inside.Error);
        Assert.DoesNotContain("outside", inside.Error);
        Assert.False(Directory.Exists(Path.Combine("/etc", "galaxy")));
        Assert.False(seed.HasExited);
    }
}
