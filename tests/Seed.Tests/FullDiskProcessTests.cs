using System.Diagnostics;

namespace GalaxyActors.Seed.Tests;

/// <summary>
/// A disk that fills up while a job writes its results, for real: a small tmpfs mounted in a private mount namespace
/// (`unshare`: a user namespace maps the caller to root inside it, so no privilege is needed where unprivileged user
/// namespaces are allowed, as on CI's machine). A good job's results are written first, the rest of the disk is filled,
/// then `galaxy cluster`, `galaxy embed` and a job submitted to a seed and worker running inside the namespace each
/// meet "No space left on device": one line naming --out, no stack trace, exit non-zero, and the earlier results stay.
/// </summary>
[Collection("processes")]
public sealed class FullDiskProcessTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const string Script = """
        set -u
        cd "$WORK"
        mkdir -p disk && mount -t tmpfs -o size=8m tmpfs disk || exit 90
        run() { name=$1; shift; dotnet "$@" > "$name.out" 2> "$name.err"; echo $? > "$name.rc"; }
        run first "$BIN/galaxy.dll" cluster --features features.h5 --out disk/out --k-max 4 --n-init 1
        cp disk/out/summary.json summary-before.json
        # Start the cluster before the disk is full (its own start-up writes nothing there, but be sure).
        PORT=$SEEDPORT
        GALAXY__DATAROOTS=$WORK GALAXY__RESULTROOTS=$WORK dotnet "$BIN/galaxy.dll" seed --host 127.0.0.1 --port $PORT > seed.log 2>&1 &
        SEED=$!
        for i in $(seq 90); do grep -q "seed node up at" seed.log && break; sleep 1; done
        dotnet "$BIN/galaxy-node.dll" --seed-node 127.0.0.1:$PORT --host 127.0.0.1 --port 0 > worker.log 2>&1 &
        WORKER=$!
        for i in $(seq 90); do grep -q "joined the cluster" worker.log && break; sleep 1; done
        free=$(df -k --output=avail disk | tail -1)
        dd if=/dev/zero of=disk/filler bs=1k count=$((free - 16)) 2> /dev/null
        run cluster "$BIN/galaxy.dll" cluster --features features.h5 --out disk/out --k-max 5 --n-init 1
        run embed "$BIN/galaxy.dll" embed --input sample.h5 --out disk/embedded.h5
        run submit "$BIN/galaxy.dll" submit --seed-node 127.0.0.1:$PORT --features "$WORK/features.h5" --out "$WORK/disk/out" --k-max 5 --n-init 1
        cp disk/out/summary.json summary-after.json
        ls -A disk/out > listing
        kill $WORKER $SEED 2> /dev/null; wait
        """;

    // ConsoleProgress's plain line ("pca        [....]  0 % 0/1 …") and submit's "job … accepted" notes.
    private static readonly System.Text.RegularExpressions.Regex ProgressLine = new(@"^(\S+\s+\[[#.]+\]|job \S+ accepted)");

    [Fact]
    public async Task A_full_disk_is_one_line_naming_out_and_the_earlier_results_stay()
    {
        using var temp = new TempFolder();
        BlobFeatureStore.Make(temp.File("features.h5"), rows: 600, dimensions: 32, seed: 3);
        Core.Pipeline.SampleFile.Make(temp.File("sample.h5"), 24, 4);
        File.WriteAllText(temp.File("full-disk.sh"), Script);

        var start = new ProcessStartInfo("unshare", ["--user", "--map-root-user", "--mount", "bash", temp.File("full-disk.sh")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["WORK"] = temp.Path;
        start.Environment["BIN"] = AppContext.BaseDirectory;
        start.Environment["SEEDPORT"] = LocalPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture);
        using (var script = Process.Start(start)!)
        {
            var stderr = script.StandardError.ReadToEndAsync();
            Assert.True(script.WaitForExit(TimeSpan.FromMinutes(6)), "the full-disk script did not finish");
            Assert.True(script.ExitCode == 0, $"the script could not mount a tmpfs in a private namespace (exit {script.ExitCode}): {await stderr}");
        }

        Assert.True(File.ReadAllText(temp.File("first.rc")).Trim() == "0", File.ReadAllText(temp.File("first.err")));
        foreach (var name in new[] { "cluster", "embed", "submit" })
        {
            var rc = File.ReadAllText(temp.File($"{name}.rc")).Trim();
            var error = File.ReadAllText(temp.File($"{name}.err"));
            var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !ProgressLine.IsMatch(l)).ToArray();
            Assert.True(rc != "0", $"{name}: exit 0 on a full disk");
            Assert.True(lines.Length == 1, $"{name}: {lines.Length} lines on stderr:\n{error}\nseed:\n{File.ReadAllText(temp.File("seed.log"))}");
            Assert.DoesNotContain("   at ", error);
            Assert.Contains("No space left on device", lines[0]);
            Assert.Contains("--out", lines[0]);
            output.WriteLine($"{name}: exit {rc}: {lines[0]}");
        }
        // The first job's results are whole: the failed jobs wrote only into staging folders, since removed.
        Assert.Equal(File.ReadAllText(temp.File("summary-before.json")), File.ReadAllText(temp.File("summary-after.json")));
        Assert.DoesNotContain(".galaxy-staging-", File.ReadAllText(temp.File("listing")));
        Assert.Contains("results could not be written", File.ReadAllText(temp.File("seed.log")));
    }
}
