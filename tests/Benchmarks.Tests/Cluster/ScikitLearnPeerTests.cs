namespace GalaxyActors.Benchmarks.Tests.Cluster;

/// <summary>Finding the scikit-learn peer: no Python is run or needed; everything lies in a temporary folder.</summary>
public sealed class ScikitLearnPeerTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("peer-test-");

    public void Dispose() => _folder.Delete(recursive: true);

    private string Folder(params string[] parts)
    {
        var path = Path.Combine([_folder.FullName, .. parts]);
        Directory.CreateDirectory(path);
        return path;
    }

    private static void Touch(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "");
    }

    [Fact]
    public void A_missing_default_script_names_where_it_was_looked_for_and_the_option()
    {
        var work = Folder("somewhere", "work");
        var bin = Folder("bin");

        var located = ScikitLearnPeer.Locate(currentDirectory: work, baseDirectory: bin, searchPath: "");

        Assert.Null(located.Peer);
        Assert.Contains(Path.Combine(_folder.FullName, "somewhere", "shared", "peers", "sklearn_stages.py"), located.Absent);
        Assert.Contains("--peer PATH", located.Absent);
        Assert.Contains($"no {ScikitLearnPeer.SolutionFile} above {bin}", located.Absent);
    }

    [Fact]
    public void A_missing_script_given_with_peer_is_named()
    {
        var located = ScikitLearnPeer.Locate("nowhere/peer.py", currentDirectory: _folder.FullName, baseDirectory: _folder.FullName, searchPath: "");

        Assert.Null(located.Peer);
        Assert.Contains(Path.Combine(_folder.FullName, "nowhere", "peer.py"), located.Absent);
    }

    [Fact]
    public void The_script_is_found_beside_the_repository_from_any_working_directory()
    {
        var repository = Folder("repo");
        Touch(Path.Combine(repository, ScikitLearnPeer.SolutionFile));
        var bin = Folder("repo", "src", "Seed", "bin", "Debug", "net10.0");
        var script = Path.Combine(_folder.FullName, "shared", "peers", "sklearn_stages.py");
        Touch(script);
        var python = Path.Combine(Folder("python"), "python3");
        Touch(python);

        Assert.Equal(repository, ScikitLearnPeer.RepositoryRoot(bin));
        var located = ScikitLearnPeer.Locate(currentDirectory: Folder("elsewhere", "deep"), baseDirectory: bin, searchPath: Path.GetDirectoryName(python));

        Assert.Null(located.Absent);
        Assert.Equal(script, located.Peer!.Script);
        Assert.Equal(python, located.Peer.Python);
        Assert.Equal(2, ScikitLearnPeer.ScriptCandidates(Folder("elsewhere", "deep"), bin).Count);
    }

    [Fact]
    public void Python_is_looked_for_on_the_path_in_order()
    {
        var first = Folder("first");
        var second = Folder("second");
        Touch(Path.Combine(second, "python3"));

        Assert.Equal(Path.Combine(second, "python3"), ScikitLearnPeer.FindPython(string.Join(Path.PathSeparator, first, second)));
    }

    [Fact]
    public void Without_python_the_reason_says_so()
    {
        var script = Path.Combine(_folder.FullName, "peer.py");
        Touch(script);

        var empty = Folder("empty");
        var located = ScikitLearnPeer.Locate(script, searchPath: empty);

        Assert.Null(located.Peer);
        Assert.Contains($"python3 was not found on PATH ({empty})", located.Absent);
    }
}
