using System.Security.Cryptography;
using System.Text;
using Akka.Actor;
using Akka.Event;
using GalaxyActors.Core;
using GalaxyActors.Core.Jobs;
using GalaxyActors.Hosting.Security;
using GalaxyActors.Messages.Jobs;

namespace GalaxyActors.Hosting.Coordination;

/// <summary>
/// The cluster singleton (on a <c>seed</c> node) that owns jobs: validates and queues <see cref="SubmitJob"/>s,
/// runs one job at a time through a runner child made by a <see cref="JobRunnerFactory"/>, and streams the job's
/// events to everyone watching it (the submitter, and anyone who sent <see cref="WatchJob"/>). Kept thin: the job's
/// own state machine lives in the runner.
/// </summary>
public sealed class JobCoordinator : ReceiveActor
{
    /// <summary>Finished jobs remembered for late <see cref="WatchJob"/>s.</summary>
    public const int FinishedJobsKept = 32;

    private sealed record QueuedJob(string JobId, JobRequest Request);

    private sealed record RunningJob(string JobId, IActorRef Runner);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IActorRef _sliceRegion;
    private readonly JobRunnerFactory? _runnerFactory;
    private readonly int _maxJobs;
    private readonly JobInputValidator? _validateInput;
    private readonly LinkedList<QueuedJob> _queue = new();
    private readonly Dictionary<string, HashSet<IActorRef>> _watchers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, object> _finished = new(StringComparer.Ordinal);
    private readonly Queue<string> _finishedOrder = new();
    private RunningJob? _running;
    private string? _runnerCrash;
    private long _jobCounter;
    private readonly byte[]? _submitSecret;
    private readonly PathRoots? _roots;

    public JobCoordinator(IActorRef sliceRegion, JobRunnerFactory? runnerFactory, int maxJobs, JobInputValidator? validateInput = null,
        string? submitSecret = null, PathRoots? roots = null)
    {
        _roots = roots;
        _submitSecret = submitSecret is null ? null : Encoding.UTF8.GetBytes(submitSecret);
        _sliceRegion = sliceRegion;
        _runnerFactory = runnerFactory;
        _maxJobs = maxJobs;
        _validateInput = validateInput;

        Receive<SubmitJob>(Submit);
        Receive<WatchJob>(Watch);
        Receive<CancelJob>(Cancel);
        Receive<JobProgress>(p => FromRunner(p.JobId, p, final: false));
        Receive<JobCompleted>(c => FromRunner(c.JobId, c, final: true));
        Receive<JobFailed>(f => FromRunner(f.JobId, f, final: true));
        Receive<Terminated>(OnTerminated);
    }

    /// <summary>
    /// Props for the coordinator; <paramref name="runnerFactory"/> null means this seed cannot run jobs and rejects them;
    /// <paramref name="validateInput"/> (optional) rejects a job whose input cannot be used before it is queued.
    /// </summary>
    /// <param name="submitSecret">When set, a submission must carry it (<see cref="SubmitJob.Credential"/>) or is refused before anything else.</param>
    /// <param name="roots">When set, every path of a job must lie under these roots (checked right after the secret); null: any path.</param>
    public static Props PropsFor(IActorRef sliceRegion, JobRunnerFactory? runnerFactory, int maxJobs, JobInputValidator? validateInput = null,
        string? submitSecret = null, PathRoots? roots = null) =>
        Props.Create(() => new JobCoordinator(sliceRegion, runnerFactory, maxJobs, validateInput, submitSecret, roots));

    // Checked first, so an unauthorised submitter learns nothing about the seed's files from the input checks.
    // Constant-time: the comparison's duration tells nothing about the secret.
    private bool Authorised(string? credential) =>
        _submitSecret is null
        || credential is { } given && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), _submitSecret);

    // A runner that throws is stopped (not restarted: a restarted runner would silently redo half a job); the
    // Terminated handler then fails the job with the exception's message.
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(ex =>
    {
        _runnerCrash = $"{ex.GetType().Name}: {ex.Message}";
        return Directive.Stop;
    });

    private int JobsHeld => _queue.Count + (_running is null ? 0 : 1);

    private void Submit(SubmitJob submit)
    {
        if (!Authorised(submit.Credential))
        {
            _log.Warning("Job refused: the submission from {Sender} carries {Credential} submit secret", Sender.Path.Address, submit.Credential is null ? "no" : "a wrong");
            Sender.Tell(new JobRejected("not authorised to submit to this cluster: it requires the shared submit secret (GALAXY__SUBMITSECRET or GALAXY__SUBMITSECRETFILE where galaxy submit runs), and the submission carried " +
                                        (submit.Credential is null ? "none" : "a different one")));
            return;
        }
        var problems = submit.Request.Problems();
        if (problems.Count > 0)
        {
            Sender.Tell(new JobRejected(string.Join("; ", problems)));
            return;
        }
        if (_runnerFactory is null)
        {
            Sender.Tell(new JobRejected("this seed node cannot run jobs: it was started without a job runner"));
            return;
        }
        // Before any file is opened, so a job naming a path outside the roots learns nothing about it; from here on the
        // request carries the real paths that were checked.
        JobRequest request;
        try
        {
            request = _roots?.Confine(submit.Request) ?? submit.Request;
        }
        catch (InvalidInputException e)
        {
            _log.Warning("Job refused: {Reason}", e.Message);
            Sender.Tell(new JobRejected(e.Message));
            return;
        }
        // Bad input is reported to the submitter now, not as a failed job minutes later. Reading a file's headers
        // takes milliseconds, so it is done here rather than in a child.
        if (_validateInput?.Invoke(request) is { } problem)
        {
            _log.Info("Job rejected: {Reason}", problem);
            Sender.Tell(new JobRejected(problem));
            return;
        }
        if (JobsHeld >= _maxJobs)
        {
            Sender.Tell(new JobRejected($"the job queue is full ({_maxJobs} jobs); try again later"));
            return;
        }

        string jobId = NewJobId();
        int position = JobsHeld;
        _queue.AddLast(new QueuedJob(jobId, request));
        AddWatcher(jobId, Sender);
        _log.Info("Job {JobId} accepted at queue position {QueuePosition}: out {OutDir}", jobId, position, request.OutputDirectory);
        Sender.Tell(new JobAccepted(jobId, position, Self.Path.ToStringWithAddress(((ExtendedActorSystem)Context.System).Provider.DefaultAddress)));
        StartNextIfIdle();
    }

    // Whoever may submit may cancel: the same secret. A running job's runner is stopped, which cancels its analysis
    // task and removes its staging folder (JobRunner.PostStop); slices already on workers finish and are ignored.
    private void Cancel(CancelJob cancel)
    {
        if (!Authorised(cancel.Credential))
        {
            _log.Warning("Cancel refused: the request from {Sender} carries {Credential} submit secret", Sender.Path.Address, cancel.Credential is null ? "no" : "a wrong");
            Sender.Tell(new JobRejected("not authorised to cancel jobs on this cluster: it requires the shared submit secret (GALAXY__SUBMITSECRET or GALAXY__SUBMITSECRETFILE)"));
            return;
        }
        var cancelled = new JobFailed(cancel.JobId, "cancelled (galaxy cancel); nothing more is written to its --out, earlier results there are kept");
        if (_running?.JobId == cancel.JobId)
        {
            _log.Info("Job {JobId} cancelled while running", cancel.JobId);
            Publish(cancel.JobId, cancelled);
            Sender.Tell(cancelled);
            Finish(cancel.JobId, cancelled, stopRunner: true);
            return;
        }
        var queued = _queue.FirstOrDefault(q => q.JobId == cancel.JobId);
        if (queued is not null)
        {
            _log.Info("Job {JobId} cancelled while queued", cancel.JobId);
            _queue.Remove(queued);
            Publish(cancel.JobId, cancelled);
            Sender.Tell(cancelled);
            Finish(cancel.JobId, cancelled, stopRunner: false, wasRunning: false);
            return;
        }
        Sender.Tell(new JobRejected(_finished.ContainsKey(cancel.JobId)
            ? $"job '{cancel.JobId}' has already finished"
            : $"unknown job '{cancel.JobId}' (this seed remembers the last {FinishedJobsKept} finished jobs)"));
    }

    private void Watch(WatchJob watch)
    {
        if (_finished.TryGetValue(watch.JobId, out var final))
        {
            Sender.Tell(final);
            return;
        }
        bool known = _running?.JobId == watch.JobId || _queue.Any(q => q.JobId == watch.JobId);
        if (!known)
        {
            Sender.Tell(new JobFailed(watch.JobId, $"unknown job '{watch.JobId}'"));
            return;
        }
        AddWatcher(watch.JobId, Sender);
    }

    private void FromRunner(string jobId, object message, bool final)
    {
        if (_running is null || _running.JobId != jobId || !Sender.Equals(_running.Runner))
        {
            _log.Warning("Ignoring {MessageType} for job {JobId} from {Sender}: not the running job's runner", message.GetType().Name, jobId, Sender);
            return;
        }
        Publish(jobId, message);
        if (final) Finish(jobId, message, stopRunner: true);
    }

    private void OnTerminated(Terminated terminated)
    {
        if (_running is null || !terminated.ActorRef.Equals(_running.Runner)) return;
        string reason = _runnerCrash ?? "the job runner stopped before reporting a result";
        var failed = new JobFailed(_running.JobId, reason);
        _log.Error("Job {JobId} failed: {Reason}", _running.JobId, reason);
        Publish(_running.JobId, failed);
        Finish(_running.JobId, failed, stopRunner: false);
    }

    private void Finish(string jobId, object final, bool stopRunner, bool wasRunning = true)
    {
        if (wasRunning)
        {
            if (_running is not null)
            {
                Context.Unwatch(_running.Runner);
                if (stopRunner) Context.Stop(_running.Runner);
            }
            _running = null;
            _runnerCrash = null;
        }
        _watchers.Remove(jobId);
        _finished[jobId] = final;
        _finishedOrder.Enqueue(jobId);
        while (_finishedOrder.Count > FinishedJobsKept) _finished.Remove(_finishedOrder.Dequeue());
        StartNextIfIdle();
    }

    private void StartNextIfIdle()
    {
        if (_running is not null || _queue.First is null || _runnerFactory is null) return;
        var next = _queue.First.Value;
        _queue.RemoveFirst();
        var runner = Context.ActorOf(_runnerFactory(next.JobId, next.Request, _sliceRegion), "job-" + Uri.EscapeDataString(next.JobId));
        Context.Watch(runner);
        _running = new RunningJob(next.JobId, runner);
        _log.Info("Job {JobId} started", next.JobId);
        Publish(next.JobId, new JobProgress(next.JobId, "started", 0, 0, null));
        // Everyone still queued moved up one place.
        int position = 1;
        foreach (var queued in _queue) Publish(queued.JobId, new JobProgress(queued.JobId, "queued", position++, 0, null));
    }

    private void AddWatcher(string jobId, IActorRef watcher)
    {
        if (watcher.IsNobody()) return;
        if (!_watchers.TryGetValue(jobId, out var set)) _watchers[jobId] = set = [];
        set.Add(watcher);
    }

    private void Publish(string jobId, object message)
    {
        if (!_watchers.TryGetValue(jobId, out var set)) return;
        foreach (var w in set) w.Tell(message, Self);
    }

    // Unique across coordinator restarts and hand-overs (start time to the millisecond + counter), readable in logs,
    // and free of '/' so it can prefix slice entity ids.
    private string NewJobId() => $"job-{DateTime.UtcNow:yyyyMMdd-HHmmssfff}-{++_jobCounter}";
}
