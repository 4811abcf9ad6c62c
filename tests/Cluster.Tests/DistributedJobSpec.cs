using GalaxyActors.Core.Jobs;
using GalaxyActors.Core.Hdf5;
using GalaxyActors.Core.Pipeline;
using GalaxyActors.Core.Results;
using GalaxyActors.Messages.Jobs;

namespace GalaxyActors.Cluster.Tests;

/// <summary>
/// Real jobs through the coordinator, the production job runner and slice entities on two workers: a small rendered
/// sample embedded on the workers and analysed, against the same job run in one process by <see cref="LocalJob"/>.
/// </summary>
[Collection("cluster")]
public sealed class DistributedJobSpec(JobCluster cluster) : Akka.TestKit.Xunit2.TestKit, IClassFixture<JobCluster>
{
    private static readonly TimeSpan JobPatience = TimeSpan.FromMinutes(4);

    private static JobRequest SmallJob(string input, string outDir) => new()
    {
        Input = new JobInput { ImagesPath = input },
        OutputDirectory = outDir,
        // 40 images in slices of 16: three slices, the last one short, spread over both workers.
        Analysis = new AnalysisOptions { SliceSize = 16, KMax = 4, NInit = 2 },
    };

    [Fact]
    public void Job_embedded_on_two_workers_gives_the_results_of_a_single_process_run()
    {
        var sample = Path.Combine(cluster.Folder, "sample.h5");
        SampleFile.Make(sample, 40, 1);
        var localOut = Path.Combine(cluster.Folder, "local");
        var clusterOut = Path.Combine(cluster.Folder, "cluster");
        LocalJob.Run(SmallJob(sample, localOut));

        var submitter = CreateTestProbe(cluster.SeedSystem);
        cluster.Coordinator.Tell(new SubmitJob(SmallJob(sample, clusterOut)), submitter.Ref);
        var accepted = submitter.ExpectMsg<JobAccepted>(TimeSpan.FromSeconds(60));
        var embedProgress = new List<JobProgress>();
        JobCompleted? completed = null;
        while (completed == null)
        {
            var message = submitter.ReceiveOne(JobPatience);
            switch (message)
            {
                case JobProgress { Phase: "embed" } p: embedProgress.Add(p); break;
                case JobCompleted c: completed = c; break;
                case JobFailed f: Assert.Fail($"job failed: {f.Reason}"); break;
                case null: Assert.Fail("no word from the job within the patience"); break;
            }
        }

        Assert.Equal(accepted.JobId, completed.JobId);
        Assert.Equal(Path.GetFullPath(clusterOut), completed.OutDir);
        // Embedding progress counts images up to all 40, once at the start and once per slice (in any order of slices).
        Assert.All(embedProgress, p => Assert.Equal(40L, p.Total));
        Assert.Equal(4, embedProgress.Count);
        Assert.Equal(embedProgress.Select(p => p.Done).Order(), embedProgress.Select(p => p.Done));
        Assert.Equal(0L, embedProgress[0].Done);
        Assert.Equal(40L, embedProgress[^1].Done);

        // Every image in features.h5 exactly once, with the features the single process computed.
        using (var local = FeatureStoreReader.Open(Path.Combine(localOut, ResultFolder.FeaturesFileName)))
        using (var distributed = FeatureStoreReader.Open(Path.Combine(clusterOut, ResultFolder.FeaturesFileName)))
        {
            Assert.Equal(local.ReadAll().Data, distributed.ReadAll().Data);
            Assert.Equal(local.ReadLabels(), distributed.ReadLabels());
            // The morphology the slices measured is the single process's, row for row (NaN where nothing was segmented).
            var morphology = distributed.ReadMorphology(distributed.Rows);
            Assert.NotNull(morphology);
            Assert.Equal(local.ReadMorphology(local.Rows), morphology);
        }
        Assert.Equal(File.ReadAllBytes(Path.Combine(localOut, "assignments.csv")), File.ReadAllBytes(Path.Combine(clusterOut, "assignments.csv")));

        var expected = SummaryJson.Read(localOut);
        var actual = SummaryJson.Parse(completed.SummaryJson);
        Assert.Equal(SummaryJson.Serialize(WithoutRunFacts(expected)), SummaryJson.Serialize(WithoutRunFacts(actual)));
        Assert.Equal(2, actual.Cluster.Workers);
        Assert.Equal(3, actual.Cluster.Slices);
        Assert.Equal(SummaryJson.Serialize(actual), SummaryJson.Serialize(SummaryJson.Read(clusterOut)));
    }

    [Fact]
    public void Job_whose_input_is_missing_is_rejected_naming_the_file_before_any_work()
    {
        var missing = Path.Combine(cluster.Folder, "nowhere.h5");
        var submitter = CreateTestProbe(cluster.SeedSystem);

        cluster.Coordinator.Tell(new SubmitJob(SmallJob(missing, Path.Combine(cluster.Folder, "never"))), submitter.Ref);

        Assert.Contains(missing, submitter.ExpectMsg<JobRejected>(TimeSpan.FromSeconds(60)).Reason);
        Assert.False(Directory.Exists(Path.Combine(cluster.Folder, "never")));
    }

    // Timings differ run to run, and the cluster block says how the job ran, not what it found.
    private static JobSummary WithoutRunFacts(JobSummary summary) =>
        summary with { Timings = new(), Cluster = new ClusterSummary { Workers = 0, Slices = 0 } };
}
