using Akka.Actor;
using Akka.TestKit;
using GalaxyActors.Core.Jobs;
using GalaxyActors.Hosting.Coordination;
using GalaxyActors.Hosting.Security;
using GalaxyActors.Messages.Jobs;

namespace GalaxyActors.Cluster.Tests;

/// <summary>The coordinator alone, driven by probes: runners are scripted actors the test speaks through.</summary>
public sealed class JobCoordinatorSpec : Akka.TestKit.Xunit2.TestKit
{
    /// <summary>Told to the test when a scripted runner starts, so the test can make it report to the coordinator.</summary>
    private sealed record RunnerStarted(string JobId, IActorRef Runner);

    private sealed record Crash(string Why);

    /// <summary>Forwards whatever the test sends it to its parent (the coordinator) as its own report; throws on <see cref="Crash"/>.</summary>
    private sealed class ScriptedRunner : ReceiveActor
    {
        public ScriptedRunner(string jobId, IActorRef test)
        {
            test.Tell(new RunnerStarted(jobId, Self));
            Receive<Crash>(c => throw new InvalidOperationException(c.Why));
            ReceiveAny(m => Context.Parent.Tell(m));
        }
    }

    private readonly TestProbe _runners;
    private readonly TestProbe _region;

    public JobCoordinatorSpec()
    {
        _runners = CreateTestProbe();
        _region = CreateTestProbe();
    }

    private IActorRef Coordinator(int maxJobs = 4, bool withRunner = true, string? submitSecret = null, PathRoots? roots = null,
        JobInputValidator? validate = null)
    {
        var runners = _runners.Ref;
        JobRunnerFactory factory = (jobId, _, _) => Props.Create(() => new ScriptedRunner(jobId, runners));
        return Sys.ActorOf(JobCoordinator.PropsFor(_region.Ref, withRunner ? factory : null, maxJobs, validate, submitSecret, roots));
    }

    private static SubmitJob Job(string outDir) => new(TestJobs.ForImages("/data/in.h5", outDir));

    [Fact]
    public void Second_job_waits_in_the_queue_and_starts_when_the_first_completes()
    {
        var coordinator = Coordinator();
        var first = CreateTestProbe();
        var second = CreateTestProbe();

        coordinator.Tell(Job("/out/1"), first.Ref);
        var a = first.ExpectMsg<JobAccepted>();
        Assert.Equal(0, a.QueuePosition);
        Assert.Equal("started", first.ExpectMsg<JobProgress>().Phase);
        var runnerA = _runners.ExpectMsg<RunnerStarted>();
        Assert.Equal(a.JobId, runnerA.JobId);

        coordinator.Tell(Job("/out/2"), second.Ref);
        var b = second.ExpectMsg<JobAccepted>();
        Assert.Equal(1, b.QueuePosition);
        Assert.NotEqual(a.JobId, b.JobId);
        _runners.ExpectNoMsg(TimeSpan.FromMilliseconds(200)); // one job at a time

        runnerA.Runner.Tell(new JobProgress(a.JobId, "embed", 3, 10, 12.5));
        Assert.Equal(new JobProgress(a.JobId, "embed", 3, 10, 12.5), first.ExpectMsg<JobProgress>());
        runnerA.Runner.Tell(new JobCompleted(a.JobId, "/out/1", "{}"));
        Assert.Equal(a.JobId, first.ExpectMsg<JobCompleted>().JobId);

        Assert.Equal(b.JobId, _runners.ExpectMsg<RunnerStarted>().JobId);
        Assert.Equal("started", second.ExpectMsg<JobProgress>().Phase);
        first.ExpectNoMsg(TimeSpan.FromMilliseconds(100)); // the first submitter hears nothing about the second job
    }

    [Fact]
    public void Cancel_stops_a_running_job_removes_a_queued_one_and_refuses_unknown_finished_or_unauthorised_requests()
    {
        var coordinator = Coordinator(submitSecret: "s3");
        var submitter = CreateTestProbe();
        coordinator.Tell(Job("/out/1") with { Credential = "s3" }, submitter.Ref);
        var running = submitter.ExpectMsg<JobAccepted>();
        submitter.ExpectMsg<JobProgress>(); // started
        var runner = _runners.ExpectMsg<RunnerStarted>();
        coordinator.Tell(Job("/out/2") with { Credential = "s3" }, submitter.Ref);
        var queued = submitter.ExpectMsg<JobAccepted>();
        coordinator.Tell(Job("/out/3") with { Credential = "s3" }, submitter.Ref);
        var third = submitter.ExpectMsg<JobAccepted>();

        coordinator.Tell(new CancelJob(running.JobId));
        Assert.StartsWith("not authorised to cancel", ExpectMsg<JobRejected>().Reason);

        // The queued job leaves the queue: its submitter hears it, and it never gets a runner.
        coordinator.Tell(new CancelJob(queued.JobId, "s3"));
        Assert.StartsWith("cancelled", ExpectMsg<JobFailed>().Reason);
        Assert.Equal(queued.JobId, submitter.ExpectMsg<JobFailed>().JobId);

        // The running job's runner is stopped, and the next job in the queue starts.
        Watch(runner.Runner);
        coordinator.Tell(new CancelJob(running.JobId, "s3"));
        Assert.Equal(running.JobId, ExpectMsg<JobFailed>().JobId);
        var heard = submitter.ExpectMsg<JobFailed>();
        Assert.Equal(running.JobId, heard.JobId);
        Assert.StartsWith("cancelled", heard.Reason);
        ExpectTerminated(runner.Runner);
        Assert.Equal(third.JobId, _runners.ExpectMsg<RunnerStarted>().JobId);

        coordinator.Tell(new CancelJob(running.JobId, "s3"));
        Assert.Contains("has already finished", ExpectMsg<JobRejected>().Reason);
        coordinator.Tell(new CancelJob("job-nobody", "s3"));
        Assert.StartsWith("unknown job 'job-nobody'", ExpectMsg<JobRejected>().Reason);
    }

    [Fact]
    public void Runner_that_throws_fails_its_job_with_the_reason_and_the_queue_moves_on()
    {
        var coordinator = Coordinator();
        var submitter = CreateTestProbe();
        coordinator.Tell(Job("/out/1"), submitter.Ref);
        coordinator.Tell(Job("/out/2"), submitter.Ref);
        var a = submitter.ExpectMsg<JobAccepted>();
        submitter.ExpectMsg<JobProgress>(); // started
        var b = submitter.ExpectMsg<JobAccepted>();
        var runnerA = _runners.ExpectMsg<RunnerStarted>();

        runnerA.Runner.Tell(new Crash("HDF5 file vanished"));

        var failed = submitter.ExpectMsg<JobFailed>();
        Assert.Equal(a.JobId, failed.JobId);
        Assert.Contains("HDF5 file vanished", failed.Reason);
        Assert.Equal(b.JobId, _runners.ExpectMsg<RunnerStarted>().JobId);
    }

    [Fact]
    public void Invalid_spec_is_rejected_naming_the_option()
    {
        var coordinator = Coordinator();
        var job = TestJobs.ForImages("/data/in.h5", "/out");
        var spec = job with { Input = job.Input with { FeaturesPath = "/f.h5" }, Analysis = job.Analysis with { SliceSize = 0 } };

        coordinator.Tell(new SubmitJob(spec), TestActor);

        var reason = ExpectMsg<JobRejected>().Reason;
        Assert.Contains("exactly one input: --input FILE.h5 (images) or --features FILE.h5", reason);
        Assert.Contains("--slice-size", reason);
        _runners.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Full_queue_rejects_new_jobs()
    {
        var coordinator = Coordinator(maxJobs: 2);
        coordinator.Tell(Job("/out/1"));
        ExpectMsg<JobAccepted>();
        ExpectMsg<JobProgress>();
        coordinator.Tell(Job("/out/2"));
        ExpectMsg<JobAccepted>();

        coordinator.Tell(Job("/out/3"));

        Assert.Contains("queue is full", ExpectMsg<JobRejected>().Reason);
    }

    [Fact]
    public void A_job_outside_the_roots_is_refused_before_its_input_is_looked_at_and_a_job_inside_runs_on_real_paths()
    {
        var validated = new List<JobRequest>();
        var coordinator = Coordinator(roots: PathRoots.Parse("/data", "/out"), validate: request =>
        {
            validated.Add(request);
            return null;
        });

        coordinator.Tell(new SubmitJob(TestJobs.ForImages("/etc/passwd", "/out/1")));
        Assert.Equal("--input /etc/passwd: outside the folders this cluster may read (GALAXY__DATAROOTS: /data)", ExpectMsg<JobRejected>().Reason);
        coordinator.Tell(new SubmitJob(TestJobs.ForImages("/data/in.h5", "/out/../etc")));
        Assert.StartsWith("--out /out/../etc: outside the folders this cluster may write", ExpectMsg<JobRejected>().Reason);
        Assert.Empty(validated);

        coordinator.Tell(new SubmitJob(TestJobs.ForImages("/data/sub/../in.h5", "/out/1")));
        ExpectMsg<JobAccepted>();
        Assert.Equal("/data/in.h5", Assert.Single(validated).Input.ImagesPath);
    }

    [Fact]
    public void A_seed_with_a_submit_secret_refuses_jobs_without_it_and_checks_nothing_else_first()
    {
        var coordinator = Coordinator(submitSecret: "open sesame");
        // Even an invalid job is refused for its missing credential, so the refusal tells nothing about the input.
        coordinator.Tell(new SubmitJob(TestJobs.ForImages("/data/in.h5", "")));
        var none = ExpectMsg<JobRejected>().Reason;
        Assert.StartsWith("not authorised to submit", none);
        Assert.EndsWith("carried none", none);
        coordinator.Tell(Job("/out/1") with { Credential = "open sesame!" });
        Assert.EndsWith("carried a different one", ExpectMsg<JobRejected>().Reason);
        _runners.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        coordinator.Tell(Job("/out/1") with { Credential = "open sesame" });
        ExpectMsg<JobAccepted>();
        _runners.ExpectMsg<RunnerStarted>();
    }

    [Fact]
    public void A_submit_job_never_prints_its_credential()
    {
        Assert.DoesNotContain("open sesame", (Job("/out/1") with { Credential = "open sesame" }).ToString());
    }

    [Fact]
    public void Seed_without_a_job_runner_rejects_jobs()
    {
        Coordinator(withRunner: false).Tell(Job("/out/1"));
        Assert.Contains("without a job runner", ExpectMsg<JobRejected>().Reason);
    }

    [Fact]
    public void Watching_an_unknown_job_fails_and_a_finished_job_replays_its_result()
    {
        var coordinator = Coordinator();
        coordinator.Tell(new WatchJob("job-nope"));
        Assert.Contains("unknown job", ExpectMsg<JobFailed>().Reason);

        coordinator.Tell(Job("/out/1"));
        var accepted = ExpectMsg<JobAccepted>();
        ExpectMsg<JobProgress>();
        var runner = _runners.ExpectMsg<RunnerStarted>().Runner;

        var watcher = CreateTestProbe();
        coordinator.Tell(new WatchJob(accepted.JobId), watcher.Ref);
        runner.Tell(new JobFailed(accepted.JobId, "no images"));
        Assert.Equal("no images", watcher.ExpectMsg<JobFailed>().Reason);
        Assert.Equal("no images", ExpectMsg<JobFailed>().Reason);

        coordinator.Tell(new WatchJob(accepted.JobId), watcher.Ref);
        Assert.Equal("no images", watcher.ExpectMsg<JobFailed>().Reason);
    }

    [Fact]
    public void Reports_from_anyone_but_the_running_jobs_runner_are_ignored()
    {
        var coordinator = Coordinator();
        coordinator.Tell(Job("/out/1"));
        var accepted = ExpectMsg<JobAccepted>();
        ExpectMsg<JobProgress>();
        _runners.ExpectMsg<RunnerStarted>();

        coordinator.Tell(new JobCompleted(accepted.JobId, "/out/1", "{}"), CreateTestProbe().Ref);

        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }
}
