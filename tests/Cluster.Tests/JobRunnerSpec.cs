using GalaxyActors.Core.Jobs;
using Akka.Actor;
using Akka.Configuration;
using GalaxyActors.Core.Hdf5;
using GalaxyActors.Core.Pipeline;
using GalaxyActors.Core.Results;
using GalaxyActors.Hosting;
using GalaxyActors.Hosting.Coordination;
using GalaxyActors.Messages.Jobs;
using GalaxyActors.Messages.Slices;

namespace GalaxyActors.Cluster.Tests;

/// <summary>
/// The job runner alone in one ActorSystem, its parent played by the test: real slice actors behind a region
/// stand-in that can lose messages or fail a slice, on a small rendered sample.
/// </summary>
[Collection("cluster")]
public sealed class JobRunnerSpec(ScratchFolder folder)
    : Akka.TestKit.Xunit2.TestKit(ConfigurationFactory.ParseString(GalaxyDispatchers.Hocon(1))), IClassFixture<ScratchFolder>
{
    private static readonly TimeSpan JobPatience = TimeSpan.FromMinutes(4);

    private static JobRequest SmallJob(string input, string outDir) => new()
    {
        Input = new JobInput { ImagesPath = input },
        OutputDirectory = outDir,
        Analysis = new AnalysisOptions { SliceSize = 16, KMax = 4, NInit = 2 },
    };

    private string Sample()
    {
        var path = folder.File("sample.h5");
        lock (typeof(JobRunnerSpec))
            if (!File.Exists(path)) SampleFile.Make(path, 40, 1);
        return path;
    }

    private IActorRef StartRunner(string jobId, JobRequest request, IActorRef region, JobRunnerSettings settings) =>
        ChildActorOf(JobRunner.Factory(settings)(jobId, request, region));

    /// <summary>The runner's reports up to its final one; progress is collected.</summary>
    private object FinalReport(List<JobProgress> progress)
    {
        while (true)
        {
            var message = ReceiveOne(JobPatience) ?? throw new TimeoutException("the runner did not finish");
            if (message is JobProgress p) progress.Add(p);
            else return message;
        }
    }

    [Fact]
    public void Slices_whose_requests_were_lost_are_sent_again_and_the_job_ends_as_a_single_process_run_does()
    {
        var sample = Sample();
        LocalJob.Run(SmallJob(sample, folder.File("local")));
        var region = Sys.ActorOf(RegionStandIn.PropsFor(embedsLost: 1));
        // Short limits so the lost first requests are re-sent soon; many attempts, as a loaded machine may be slow to embed.
        var settings = new JobRunnerSettings { SliceTimeoutBase = TimeSpan.FromSeconds(2), SliceTimeoutPerImage = TimeSpan.Zero, SliceAttempts = 100 };

        StartRunner("job-lost", SmallJob(sample, folder.File("lost")), region, settings);
        var progress = new List<JobProgress>();
        var final = FinalReport(progress);

        var completed = Assert.IsType<JobCompleted>(final);
        Assert.Equal("job-lost", completed.JobId);
        // Each slice counted once although every one was sent at least twice: the start, then one report per slice.
        var embedded = progress.Where(p => p.Phase == "embed").Select(p => p.Done).ToList();
        Assert.Equal(4, embedded.Count);
        Assert.Equal(embedded.Order(), embedded);
        Assert.Equal(40L, embedded[^1]);
        using (var local = FeatureStoreReader.Open(folder.File("local/features.h5")))
        using (var lost = FeatureStoreReader.Open(folder.File("lost/features.h5")))
            Assert.Equal(local.ReadAll().Data, lost.ReadAll().Data);
        Assert.Equal(File.ReadAllBytes(folder.File("local/assignments.csv")), File.ReadAllBytes(folder.File("lost/assignments.csv")));
        Assert.Equal(SummaryJson.Read(folder.File("local")).KMeans.Sse, SummaryJson.Parse(completed.SummaryJson).KMeans.Sse);
    }

    [Fact]
    public void Slice_that_fails_fails_the_job_with_its_reason()
    {
        var region = Sys.ActorOf(RegionStandIn.PropsFor(failingSlice: 1));

        StartRunner("job-fail", SmallJob(Sample(), folder.File("fail")), region, new JobRunnerSettings());

        var failed = Assert.IsType<JobFailed>(FinalReport([]));
        Assert.Equal("job-fail", failed.JobId);
        Assert.Contains("slice 1", failed.Reason);
        Assert.Contains("scripted failure", failed.Reason);
        Assert.False(File.Exists(folder.File("fail/features.h5")));
    }

    [Fact]
    public void Job_whose_input_is_missing_fails_naming_it_before_any_slice_is_sent()
    {
        var region = CreateTestProbe();
        var missing = folder.File("missing.h5");

        StartRunner("job-missing", SmallJob(missing, folder.File("missing-out")), region.Ref, new JobRunnerSettings());

        Assert.Contains(missing, Assert.IsType<JobFailed>(FinalReport([])).Reason);
        region.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void Stopping_the_runner_mid_analysis_abandons_its_requests_and_writes_no_results()
    {
        // A feature-store job: the analysis starts at once and asks the slices for their PCA statistics.
        var store = folder.File("stop-features.h5");
        var random = new Random(5);
        using (var writer = FeatureStoreWriter.Create(store, 40, 4, new FeatureStoreAttributes("random", "images", "test", 4, "none")))
        {
            writer.WriteRows(0, Enumerable.Range(0, 160).Select(_ => (float)random.NextDouble()).ToArray());
            writer.Complete();
        }
        var outDir = folder.File("stop-out");
        var request = new JobRequest { Input = new JobInput { FeaturesPath = store }, OutputDirectory = outDir, Analysis = new AnalysisOptions { SliceSize = 16, KMax = 4 } };
        // The region never answers; without cancellation each request would be asked again every 500 ms.
        var region = CreateTestProbe();
        var settings = new JobRunnerSettings { PassTimeout = TimeSpan.FromMilliseconds(500), PassAttempts = 100 };

        var runner = StartRunner("job-stop", request, region.Ref, settings);
        for (int slice = 0; slice < 3; slice++) region.ExpectMsg<ComputePcaStats>(TimeSpan.FromSeconds(30));
        Watch(runner);
        Sys.Stop(runner);
        FishForMessage(m => m is Terminated t && t.ActorRef.Equals(runner), TimeSpan.FromSeconds(10)); // progress reports come first

        // Released slices, then silence: no request is asked again after the runner is gone.
        region.ReceiveWhile(TimeSpan.FromMilliseconds(300), m => m is ReleaseSlice ? m : null);
        region.ExpectNoMsg(TimeSpan.FromSeconds(2));
        Assert.False(File.Exists(Path.Combine(outDir, SummaryJson.FileName)));
    }
}
