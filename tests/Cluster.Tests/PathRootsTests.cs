using GalaxyActors.Core;
using GalaxyActors.Core.Jobs;
using GalaxyActors.Hosting.Security;

namespace GalaxyActors.Cluster.Tests;

/// <summary>The confinement of a job's paths to the data and result roots, on real folders and symbolic links.</summary>
public sealed class PathRootsTests : IDisposable
{
    private readonly ScratchFolder _scratch = new();
    private readonly string _data, _results;

    public PathRootsTests()
    {
        _data = Directory.CreateDirectory(_scratch.File("data")).FullName;
        _results = Directory.CreateDirectory(_scratch.File("results")).FullName;
        File.WriteAllText(Path.Combine(_data, "in.h5"), "x");
    }

    public void Dispose() => _scratch.Dispose();

    private PathRoots Roots() => PathRoots.Parse(_data, _results);

    private static JobRequest Job(string input, string output, string? labels = null, string? model = null) => new()
    {
        Input = new JobInput { ImagesPath = input, Labels = new LabelRequest { Path = labels } },
        Embedding = new EmbeddingRequest { ModelPath = model },
        OutputDirectory = output,
    };

    [Fact]
    public void A_job_inside_the_roots_passes_with_its_paths_made_real()
    {
        var link = Path.Combine(_data, "alias.h5");
        File.CreateSymbolicLink(link, "in.h5"); // relative target, inside the root

        var confined = Roots().Confine(Job(Path.Combine(_data, "sub", "..", "alias.h5"), Path.Combine(_results, "run-1")));

        Assert.Equal(Path.Combine(_data, "in.h5"), confined.Input.ImagesPath);
        Assert.Equal(Path.Combine(_results, "run-1"), confined.OutputDirectory); // not made yet: the tail is kept as written
    }

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("/etc/no-such-file.h5")]
    public void A_path_outside_is_refused_in_the_same_words_whether_it_exists_or_not(string outside)
    {
        var error = Assert.Throws<InvalidInputException>(() => Roots().Confine(Job(outside, _results)));

        Assert.Equal($"--input {outside}: outside the folders this cluster may read (GALAXY__DATAROOTS: {_data})", error.Message);
    }

    [Fact]
    public void Dot_dot_escapes_and_links_out_of_a_root_are_refused()
    {
        var escape = Path.Combine(_data, "..", "..", "etc", "passwd");
        var linkOut = Path.Combine(_data, "passwd.h5");
        File.CreateSymbolicLink(linkOut, "/etc/passwd");
        var folderOut = Path.Combine(_data, "etc");
        Directory.CreateSymbolicLink(folderOut, "/etc");

        foreach (var path in new[] { escape, linkOut, Path.Combine(folderOut, "hostname") })
            Assert.Contains("outside the folders this cluster may read", Assert.Throws<InvalidInputException>(() => Roots().Confine(Job(path, _results))).Message);
    }

    [Fact]
    public void A_root_is_a_folder_not_a_name_prefix()
    {
        var sibling = Directory.CreateDirectory(_data + "base").FullName; // ".../database" beside ".../data"
        File.WriteAllText(Path.Combine(sibling, "in.h5"), "x");

        Assert.Throws<InvalidInputException>(() => Roots().Confine(Job(Path.Combine(sibling, "in.h5"), _results)));
    }

    [Fact]
    public void Labels_models_and_outputs_are_each_confined_and_named_by_their_option()
    {
        var input = Path.Combine(_data, "in.h5");
        Assert.StartsWith("--labels /etc/shadow:", Assert.Throws<InvalidInputException>(() => Roots().Confine(Job(input, _results, labels: "/etc/shadow"))).Message);
        Assert.StartsWith("--model /etc/passwd:", Assert.Throws<InvalidInputException>(() => Roots().Confine(Job(input, _results, model: "/etc/passwd"))).Message);
        var write = Assert.Throws<InvalidInputException>(() => Roots().Confine(Job(input, "/etc/galaxy-out"))).Message;
        Assert.Equal($"--out /etc/galaxy-out: outside the folders this cluster may write (GALAXY__RESULTROOTS: {_results})", write);
        // A data root is not a result root: a job may not write into its inputs' folder unless the operator says so.
        Assert.Throws<InvalidInputException>(() => Roots().Confine(Job(input, Path.Combine(_data, "out"))));
    }

    [Fact]
    public void A_link_loop_is_refused_not_followed_forever()
    {
        var a = Path.Combine(_data, "a");
        var b = Path.Combine(_data, "b");
        File.CreateSymbolicLink(a, b);
        File.CreateSymbolicLink(b, a);

        Assert.Throws<InvalidInputException>(() => Roots().Confine(Job(a, _results)));
    }

    [Fact]
    public void Unset_roots_mean_the_current_folder_and_several_roots_split_like_PATH()
    {
        var unset = PathRoots.Parse(null, " ");
        Assert.Equal([PathRoots.RealPath(Directory.GetCurrentDirectory())], unset.DataRoots);
        Assert.Equal(unset.DataRoots, unset.ResultRoots);

        var several = PathRoots.Parse($"{_data}:{_results}", _results);
        Assert.Equal([_data, _results], several.DataRoots);
    }

    [Fact]
    public void The_whole_file_system_is_a_root_when_an_operator_says_so()
    {
        var open = PathRoots.Parse("/", "/");
        Assert.Equal("/etc/passwd", open.Confine(Job("/etc/passwd", "/tmp/x")).Input.ImagesPath);
    }
}
