using GalaxyActors.Core.Jobs;
using GalaxyActors.Core.Pipeline;

namespace GalaxyActors.Seed.Tests;

/// <summary>
/// The system as deployed, as real OS processes on 127.0.0.1: `galaxy seed`, two `galaxy-node` workers and
/// `galaxy submit`, on a small rendered sample. Results are compared with the same job run in one process.
/// </summary>
[Collection("processes")]
public sealed class ClusterProcessTests
{
    private static readonly TimeSpan StartPatience = ClusterNodes.StartPatience;
    private static readonly TimeSpan JobPatience = TimeSpan.FromMinutes(6);

    // The embedding is pinned to the model's own fp32 224 px, whatever the default: slow enough that a kill lands mid-embed.
    private static readonly string[] JobOptions = ["--slice-size", "16", "--k-max", "4", "--n-init", "2", "--precision", "fp32", "--input-size", "224"];

    private static JobRequest LocalRequest(string input, string outDir) => new()
    {
        Input = new JobInput { ImagesPath = input },
        OutputDirectory = outDir,
        Analysis = new AnalysisOptions { SliceSize = 16, KMax = 4, NInit = 2 },
        Embedding = new EmbeddingRequest { Precision = Core.Embedding.EmbeddingPrecision.Fp32, InputSize = 224 },
    };

    /// <summary>Starts a seed and two worker processes, submits one job to them and asserts it succeeded; the submit's result.</summary>
    private static GalaxyProcess.Result SubmitToSeedAndTwoWorkers(string input, string outDir, string[] options)
    {
        var seedNode = $"127.0.0.1:{LocalPorts.Free()}";
        using var seed = ClusterNodes.StartSeed(seedNode);
        using var worker1 = ClusterNodes.StartWorker(seedNode);
        using var worker2 = ClusterNodes.StartWorker(seedNode);
        var submit = GalaxyProcess.Run(JobPatience, ["submit", "--seed-node", seedNode, "--input", input, "--out", outDir, .. options]);
        Assert.True(submit.ExitCode == 0, $"submit exited {submit.ExitCode}\n{submit.Output}\n{submit.Error}\nseed:\n{seed.Output}");
        return submit;
    }

    [Fact]
    public void Seed_two_nodes_and_submit_produce_the_results_of_a_single_process_run()
    {
        using var temp = new TempFolder();
        var sample = temp.File("sample.h5");
        SampleFile.Make(sample, 40, 1);
        LocalJob.Run(LocalRequest(sample, temp.File("local")));

        var submit = SubmitToSeedAndTwoWorkers(sample, temp.File("cluster"), JobOptions);
        Assert.Contains($"results: {temp.File("cluster")}", submit.Output);
        Assert.Contains("embed", submit.Error); // progress
        Assert.Equal(File.ReadAllBytes(temp.File("local/assignments.csv")), File.ReadAllBytes(temp.File("cluster/assignments.csv")));
    }

    [Fact]
    public void A_survey_file_with_its_own_labels_crop_and_normalisation_gives_the_single_process_results_with_its_class_names()
    {
        using var temp = new TempFolder();
        var sample = temp.File("survey ✓.h5");
        RelabelledSample.Make(sample, 48, 3);
        string[] options = [.. JobOptions, "--labels-dataset", "coarse", "--unlabelled", "255", "--center-crop", "0.68", "--feature-norm", "sqrt-l2"];
        var plain = LocalRequest(sample, temp.File("local"));
        var expected = LocalJob.Run(plain with
        {
            Input = plain.Input with { Labels = new LabelRequest { Dataset = "coarse", Unlabelled = [255] } },
            Embedding = plain.Embedding with { CenterCrop = 0.68 },
            Analysis = plain.Analysis with { FeatureNorm = Core.Linalg.FeatureNorm.SqrtL2 },
        });

        SubmitToSeedAndTwoWorkers(sample, temp.File("cluster"), options);
        Assert.Equal(File.ReadAllBytes(temp.File("local/assignments.csv")), File.ReadAllBytes(temp.File("cluster/assignments.csv")));
        var summary = Core.Results.SummaryJson.Read(temp.File("cluster"));
        Assert.True(summary.Input.HasLabels);
        Assert.Equal("coarse", summary.Labels!.Dataset);
        Assert.Equal(RelabelledSample.Names, summary.Labels.Classes.Values);
        Assert.Equal(7, summary.Labels.UnlabelledRows); // rows 3, 10, …, 45
        Assert.Equal(41, summary.Metrics.ScoredRows);
        Assert.Equal(expected.Metrics.Spectral!.Ari, summary.Metrics.Spectral!.Ari);
        Assert.Equal("sqrt-l2", summary.Pca.FeatureNorm);
        Assert.Contains("centre crop to round(0.68", summary.Model.Preprocessing);
        Assert.True(summary.KMeans.K >= 2 && summary.Spectral.K >= 2);
        Assert.Contains("edge-on disk", File.ReadAllText(temp.File("cluster/report.html")));
    }

    [Fact]
    public void Worker_killed_during_embedding_does_not_change_the_results()
    {
        using var temp = new TempFolder();
        var sample = temp.File("sample.h5");
        SampleFile.Make(sample, 160, 2);
        LocalJob.Run(LocalRequest(sample, temp.File("local")));

        var seedNode = $"127.0.0.1:{LocalPorts.Free()}";
        using var seed = ClusterNodes.StartSeed(seedNode);
        using var survivor = ClusterNodes.StartWorker(seedNode);
        using var victim = ClusterNodes.StartWorker(seedNode);

        using var submit = GalaxyProcess.Start(GalaxyProcess.Galaxy, ["submit", "--seed-node", seedNode, "--input", sample, "--out", temp.File("cluster"), .. JobOptions]);
        // The job is running and slices are in flight on both workers: kill one as a crashed machine would die.
        submit.WaitForOutput("accepted", StartPatience);
        seed.WaitForOutput("embedding 160 images", StartPatience);
        // Sharding places a slice on the victim only once its region has registered: wait until it works on one.
        victim.WaitForOutput("embedding rows", StartPatience);
        victim.Kill();

        submit.WaitForOutput("results:", JobPatience);
        // The dead worker's slices were lost with it and sent again to the survivor: at once when it was removed from
        // the cluster (about 20 s), or, on a machine so slow that a slice timed out first, when their timers fired.
        Assert.True(seed.Output.Contains("left the cluster; sending the", StringComparison.Ordinal) || seed.Output.Contains("sending it again", StringComparison.Ordinal), seed.Output);
        // Every image in features.h5 exactly once, in its row: the store equals the single process's row for row.
        using (var local = Core.Hdf5.FeatureStoreReader.Open(temp.File("local/features.h5"), labelsDataset: null))
        using (var cluster = Core.Hdf5.FeatureStoreReader.Open(temp.File("cluster/features.h5"), labelsDataset: null))
        {
            Assert.Equal(local.Rows, cluster.Rows);
            Assert.Equal(local.ReadAll().Data, cluster.ReadAll().Data);
        }
        Assert.Equal(File.ReadAllBytes(temp.File("local/assignments.csv")), File.ReadAllBytes(temp.File("cluster/assignments.csv")));
    }

    [Fact]
    public void Submit_to_a_seed_node_nobody_runs_fails_with_one_line_within_the_limit()
    {
        using var temp = new TempFolder();
        var seedNode = $"127.0.0.1:{LocalPorts.Free()}";

        // Well inside the process timeout: the command gives up on its own after 25 s.
        var result = GalaxyProcess.Run(TimeSpan.FromSeconds(90), "submit", "--seed-node", seedNode, "--input", temp.File("in.h5"), "--out", temp.File("out"));

        Assert.NotEqual(0, result.ExitCode);
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line on stderr, got:\n{result.Error}");
        Assert.Contains(seedNode, lines[0]);
    }
}

/// <summary>Tests that start clusters of processes bind ports and load the cores: one at a time.</summary>
[CollectionDefinition("processes", DisableParallelization = true)]
public sealed class ProcessCollection;
