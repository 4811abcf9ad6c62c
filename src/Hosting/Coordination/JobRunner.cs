using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using GalaxyActors.Core;
using GalaxyActors.Core.Hdf5;
using GalaxyActors.Core.Jobs;
using GalaxyActors.Core.Labels;
using GalaxyActors.Core.Morphology;
using GalaxyActors.Core.Pipeline;
using GalaxyActors.Core.Results;
using GalaxyActors.Messages.Jobs;
using GalaxyActors.Messages.Slices;

namespace GalaxyActors.Hosting.Coordination;

/// <summary>
/// Runs one job for the <see cref="JobCoordinator"/> (its parent), moving messages and files while a
/// <see cref="SliceLedger"/> makes the embed phase's decisions. Embed phase: sends <see cref="EmbedSlice"/> through the
/// shard region as the ledger allows (<see cref="JobRunnerSettings.SlicesInFlightPerWorker"/> per worker Up now — the
/// runner follows cluster member events, so a worker added mid-job gets slices at once), re-sends a slice whose reply
/// does not come in time (the entity may have been re-created on another node: the work is idempotent), writes each
/// accepted chunk into the job's <c>features.h5</c> in whatever order it comes and publishes progress with an ETA.
/// Then the analysis (<see cref="LocalJob.Analyse"/>: PCA, elbow K-means, kNN graph, spectral, map, metrics, result
/// folder) runs as a cancellable task on a thread of its own, so the actor keeps answering; its outcome comes back as
/// a message, and stopping the runner (the job failed or was cancelled, the coordinator went away) cancels it before
/// it writes anything more. Its row-local stages — PCA statistics, projection, the elbow's K-means passes, the kNN
/// search — run on the slice entities that hold the rows (<see cref="SliceRowStages"/>), merged in slice order; the
/// global steps between them are the code a single-process job runs, so the results are identical however many
/// workers took part.
/// </summary>
public sealed class JobRunner : ReceiveActor, IWithTimers
{
    // Local messages (never cross the wire): exempt from serialize-messages checks.
    private sealed record SliceTimedOut(int SliceIndex, int Attempt) : INoSerializationVerificationNeeded;

    private sealed record AnalysisFinished(JobSummary? Summary, string? Error) : INoSerializationVerificationNeeded;

    private sealed record NoWorkersTimedOut : INoSerializationVerificationNeeded
    {
        public static NoWorkersTimedOut Instance { get; } = new();
    }

    private const string NoWorkersTimer = "no-workers";

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly string _jobId;
    private readonly JobRequest _request;
    private readonly IActorRef _sliceRegion;
    private readonly JobRunnerSettings _settings;
    private readonly Stopwatch _total = Stopwatch.StartNew();
    private readonly Stopwatch _embedWatch = new();
    private readonly CancellationTokenSource _analysisCancellation = new();
    private SliceLedger _ledger;
    private LabelSet? _labels;
    private IReadOnlyList<string> _inputWarnings = [];
    private string _inputFullPath = "";
    private string _featuresPath = "";
    private FeatureStoreWriter? _writer;
    private ResultStaging? _staging;

    public JobRunner(string jobId, JobRequest request, IActorRef sliceRegion, JobRunnerSettings settings)
    {
        _jobId = jobId;
        _request = request;
        _sliceRegion = sliceRegion;
        _settings = settings;
        // Empty until Plan has read the input (a job whose input is refused has no slices to release).
        _ledger = new SliceLedger(jobId, rows: 0, sliceSize: 1, settings.SlicesInFlightPerWorker, settings.SliceAttempts, waitForAll: false);
        Receive<SliceEmbedderInfo>(OnEmbedderInfo);
        Receive<SliceMorphology>(OnMorphology);
        Receive<SliceEmbedded>(OnEmbedded);
        Receive<SliceFailed>(f => Fail($"slice {f.Slice.SliceIndex} (rows {f.Slice.Start}..{f.Slice.Start + f.Slice.Count}): {f.Reason}"));
        Receive<SliceTimedOut>(OnTimedOut);
        Receive<AnalysisFinished>(OnAnalysisFinished);
        Receive<ClusterEvent.IMemberEvent>(OnMemberEvent);
        Receive<NoWorkersTimedOut>(_ => FailForNoWorkers());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>The factory the seed's coordinator uses: a runner per job, on <see cref="GalaxyDispatchers.Jobs"/>.</summary>
    public static JobRunnerFactory Factory(JobRunnerSettings settings) => (jobId, request, sliceRegion) =>
        Props.Create(() => new JobRunner(jobId, request, sliceRegion, settings)).WithDispatcher(GalaxyDispatchers.Jobs);

    protected override void PreStart()
    {
        if (InCluster) Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.IMemberEvent));
        try
        {
            Plan();
        }
        catch (InvalidInputException e)
        {
            Fail(e.Message);
        }
    }

    protected override void PostStop()
    {
        if (InCluster) Cluster.Get(Context.System).Unsubscribe(Self);
        // Stopped mid-job (failure, cancellation, or the coordinator went away): the analysis stops before its next
        // stage or write, and no half-written store is left open.
        _analysisCancellation.Cancel();
        DropPartialResults();
    }

    // A failed or stopped job: the store being written is closed and the staging folder removed; --out keeps what
    // an earlier job left there.
    private void DropPartialResults()
    {
        try
        {
            _writer?.Dispose();
        }
        catch (Exception e) when (OutputWriteFailure.IoCause(e) is not null)
        {
            // A full disk fails the closing flush too; the staging folder holding the file goes next.
        }
        _writer = null;
        _staging?.Dispose();
        _staging = null;
    }

    private void Plan()
    {
        // The same inspection a single-process job starts with: options, input headers, labels (read once, here).
        var facts = JobInputs.Inspect(_request);
        // Everything is written in a staging folder and moved into --out only when the job succeeds.
        _staging = ResultStaging.Begin(_request, _jobId);
        _labels = facts.Labels;
        _inputWarnings = facts.Warnings;
        foreach (var warning in facts.Warnings) _log.Warning("Job {JobId}: {Warning}", _jobId, warning);
        bool images = _request.Input.IsImages;
        _ledger = new SliceLedger(_jobId, facts.Rows, _request.Analysis.SliceSize, _settings.SlicesInFlightPerWorker, _settings.SliceAttempts, waitForAll: images);
        _ledger.SetWorkers(UpWorkers());
        if (!images)
        {
            // A feature store is the analysis's own input: nothing to embed. The slices still serve the row stages.
            _featuresPath = _request.Input.FeaturesPath!;
            StartAnalysis(embedSeconds: 0);
            return;
        }

        _inputFullPath = Path.GetFullPath(_request.Input.ImagesPath!);
        _featuresPath = Path.Combine(_staging.StagingDirectory, ResultFolder.FeaturesFileName);
        _log.Info("Job {JobId}: embedding {Images} images in {Slices} slices on {Workers} workers", _jobId, facts.Rows, _ledger.Slices.Count(), _ledger.Workers);
        _embedWatch.Start();
        Progress("embed", 0, facts.Rows, null);
        SendMore();
    }

    private static bool InCluster => Context.System is ExtendedActorSystem { Provider: Akka.Cluster.IClusterActorRefProvider };

    // Paces the slices in flight; one outside a cluster (an actor test's plain ActorSystem).
    private int UpWorkers() =>
        InCluster ? Cluster.Get(Context.System).State.Members.Count(m => m.Status == MemberStatus.Up && m.HasRole(GalaxyRoles.Worker)) : 1;

    private bool Embedding => _request.Input.IsImages && !_ledger.AllDone;

    private void OnMemberEvent(ClusterEvent.IMemberEvent change)
    {
        if (change is ClusterEvent.MemberRemoved removed && removed.Member.HasRole(GalaxyRoles.Worker) && Embedding)
        {
            // Its shards move now that it is removed: re-send what was in flight at once, not when the timers fire.
            var again = _ledger.ResendInFlight();
            _log.Warning("Job {JobId}: worker {Address} left the cluster; sending the {Slices} slices in flight again", _jobId, removed.Member.Address, again.Count);
            foreach (var dispatch in again) Send(dispatch);
        }
        OnMembersChanged();
    }

    private void OnMembersChanged()
    {
        int workers = UpWorkers();
        WatchForNoWorkers(workers);
        int before = _ledger.Workers;
        if (!_ledger.SetWorkers(workers)) return;
        _log.Info("Job {JobId}: {Workers} workers Up (were {Before}); up to {InFlight} slices in flight", _jobId, _ledger.Workers, before, _ledger.MaxInFlight);
        SendMore();
    }

    // Every phase needs workers (the embedding, then the row stages on the slices): with none Up the job waits a
    // bounded time for one, then fails saying why.
    private void WatchForNoWorkers(int workers)
    {
        if (workers > 0)
        {
            Timers.Cancel(NoWorkersTimer);
            return;
        }
        if (Timers.IsTimerActive(NoWorkersTimer)) return;
        _log.Warning("Job {JobId}: no worker node is Up; waiting up to {Seconds:0} s for one", _jobId, _settings.NoWorkerTimeout.TotalSeconds);
        Timers.StartSingleTimer(NoWorkersTimer, NoWorkersTimedOut.Instance, _settings.NoWorkerTimeout);
    }

    private void SendMore()
    {
        foreach (var dispatch in _ledger.NextToSend()) Send(dispatch);
    }

    private void Send(SliceDispatch dispatch)
    {
        var slice = dispatch.Slice;
        _sliceRegion.Tell(new EmbedSlice(slice, _request.Input.ImagesPath!, _request.Input.ImagesDataset, _request.Embedding));
        Timers.StartSingleTimer(TimerKey(slice.SliceIndex), new SliceTimedOut(slice.SliceIndex, dispatch.Attempt),
            _settings.SliceTimeout(slice.Count, _ledger.MaxInFlight));
    }

    private static string TimerKey(int sliceIndex) => "slice-" + sliceIndex;

    private void OnTimedOut(SliceTimedOut timeout)
    {
        var decision = _ledger.TimedOut(timeout.SliceIndex, timeout.Attempt);
        if (decision.FailReason is { } reason)
        {
            Fail(reason);
            return;
        }
        if (decision.SendAgain is not { } again) return;
        _log.Warning("Job {JobId}: slice {SliceIndex} gave no answer in time (attempt {Attempt}); sending it again", _jobId, timeout.SliceIndex, timeout.Attempt);
        Send(again);
    }

    private void OnEmbedderInfo(SliceEmbedderInfo info)
    {
        if (_writer is not null || _featuresPath.Length == 0 || _ledger.Rows == 0 || _ledger.AllDone) return;
        try
        {
            _writer = FeatureStoreWriter.Create(_featuresPath, (int)_ledger.Rows, info.FeatureDim,
                new FeatureStoreAttributes(_inputFullPath, _request.Input.ImagesDataset, info.ModelName, info.FeatureDim, info.Preprocessing), _labels,
                morphology: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidInputException)
        {
            Fail($"{_featuresPath}: cannot create the feature store ({e.Message})");
        }
    }

    private void OnEmbedded(SliceEmbedded chunk)
    {
        if (chunk.Slice.JobId != _jobId) return;
        if (_writer is null)
        {
            if (!_ledger.AllDone) Fail("features arrived before the model that made them was known (protocol error)");
            return;
        }
        if (chunk.FeatureDim != _writer.Dimension)
        {
            Fail($"slice {chunk.Slice.SliceIndex} has {chunk.FeatureDim}-d features, earlier slices {_writer.Dimension}-d: the workers run different models");
            return;
        }
        // Not accepted: a late reply to an earlier attempt, or a chunk already in.
        if (!_ledger.AcceptChunk(chunk.Slice, chunk.ChunkIndex, chunk.ChunkCount)) return;
        var writer = _writer;
        if (WroteFeatures(() => writer.WriteRows((int)(chunk.Slice.Start + chunk.RowOffset), chunk.Features))) CompleteIfWhole(chunk.Slice);
    }

    private void OnMorphology(SliceMorphology morphology)
    {
        var slice = morphology.Slice;
        if (_writer is null || slice.JobId != _jobId) return; // late, or before the store exists
        if (morphology.Quantities != MorphologyQuantities.Count || morphology.Rows != slice.Count)
        {
            Fail($"slice {slice.SliceIndex} sent {morphology.Rows} morphology rows of {morphology.Quantities} for {slice.Count} images of {MorphologyQuantities.Count}: the workers run another version");
            return;
        }
        if (!_ledger.AcceptMorphology(slice)) return;
        var writer = _writer;
        if (WroteFeatures(() => writer.WriteMorphology((int)slice.Start, morphology.Values))) CompleteIfWhole(slice);
    }

    // A full disk (or a folder made read-only) under --out fails the job with one line; the earlier results stay whole.
    private bool WroteFeatures(Action write)
    {
        try
        {
            OutputWriteFailure.Guard(Path.GetDirectoryName(_featuresPath)!, write);
            return true;
        }
        catch (InvalidInputException e)
        {
            Fail(e.Message);
            return false;
        }
    }

    private void CompleteIfWhole(SliceRef slice)
    {
        if (!_ledger.TryComplete(slice)) return;
        Timers.Cancel(TimerKey(slice.SliceIndex));
        Progress("embed", _ledger.RowsDone, _ledger.Rows, _ledger.EtaSeconds(_embedWatch.Elapsed.TotalSeconds));
        if (!_ledger.AllDone)
        {
            SendMore();
            return;
        }

        var complete = _writer!;
        if (!WroteFeatures(complete.Complete)) return;
        complete.Dispose();
        _writer = null;
        _embedWatch.Stop();
        _log.Info("Job {JobId}: {Images} images embedded in {Seconds:F1} s ({Resends} slices re-sent)", _jobId, _ledger.Rows, _embedWatch.Elapsed.TotalSeconds, _ledger.Resends);
        StartAnalysis(_embedWatch.Elapsed.TotalSeconds);
    }

    private void StartAnalysis(double embedSeconds)
    {
        Become(Analysing);
        var progress = new ProgressToCoordinator(_jobId, Context.Parent, Self);
        var request = _request with { OutputDirectory = _staging!.StagingDirectory };
        var featuresPath = _featuresPath;
        var workers = _ledger.Workers;
        var labels = _labels;
        var inputWarnings = _inputWarnings;
        var total = _total;
        var cancellation = _analysisCancellation.Token;
        var rowStages = RowStagesFactory(cancellation);
        // A thread of its own (LongRunning): the analysis blocks for seconds to minutes and must not hold a dispatcher
        // thread. Its outcome, whatever it is, comes back as one message.
        Task.Factory.StartNew(() =>
            {
                try
                {
                    var timings = new Dictionary<string, double> { ["embed"] = embedSeconds };
                    var summary = LocalJob.Analyse(request, featuresPath, labels, workers, timings, total, progress, rowStages, cancellation, inputWarnings);
                    return new AnalysisFinished(summary, null);
                }
                catch (InvalidInputException e)
                {
                    return new AnalysisFinished(null, e.Message);
                }
                catch (OperationCanceledException)
                {
                    return new AnalysisFinished(null, "the job was stopped");
                }
                catch (Exception e)
                {
                    return new AnalysisFinished(null, $"{e.GetType().Name}: {e.Message}");
                }
            }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)
            .PipeTo(Self);
    }

    // The row-local stages run on the slice entities, which hold the features since the embed phase (a features job's
    // slices load theirs on first use); the global steps run here, in the code a single process runs.
    private Func<int, int, IRowStages> RowStagesFactory(CancellationToken cancellation)
    {
        var requester = new SliceRequester(_sliceRegion, _featuresPath, _request.Input.IsImages ? JobInput.DefaultFeaturesDataset : _request.Input.FeaturesDataset,
            _settings.PassTimeout, _settings.PassAttempts, _log, cancellation);
        var slices = _ledger.Slices.ToArray();
        var options = _request.Analysis;
        // The stages with large replies or work per slice are paced like embedding, by the workers Up as the analysis starts.
        int inFlight = Math.Max(1, _settings.AnalysisSlicesInFlightPerWorker * UpWorkers());
        return (_, dimensions) => new SliceRowStages(requester, slices, dimensions, options, inFlight);
    }

    private void Analysing()
    {
        Receive<AnalysisFinished>(OnAnalysisFinished);
        Receive<ClusterEvent.IMemberEvent>(_ => WatchForNoWorkers(UpWorkers()));
        Receive<NoWorkersTimedOut>(_ => FailForNoWorkers());
        // Late replies from slices re-sent during the embed phase.
        ReceiveAny(_ => { });
    }

    private void OnAnalysisFinished(AnalysisFinished finished)
    {
        if (finished.Summary is null)
        {
            Fail(finished.Error ?? "the analysis failed");
            return;
        }
        try
        {
            _staging!.Commit();
            _staging.Dispose();
            _staging = null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Fail($"--out {_request.OutputDirectory}: the results could not all be moved into place ({e.Message})");
            return;
        }
        _log.Info("Job {JobId} completed in {Seconds:F1} s: results in {OutDir}", _jobId, _total.Elapsed.TotalSeconds, _request.OutputDirectory);
        foreach (var warning in finished.Summary.Warnings) _log.Warning("Job {JobId}: {Warning}", _jobId, warning);
        ReleaseSlices();
        Context.Parent.Tell(new JobCompleted(_jobId, Path.GetFullPath(_request.OutputDirectory), SummaryJson.Serialize(finished.Summary)));
        Become(Finished);
    }

    private void FailForNoWorkers() =>
        Fail($"no worker node has been Up for {_settings.NoWorkerTimeout.TotalSeconds:0} s, and the job's slices run on workers: start galaxy-node workers that join this seed, then submit the job again");

    private void Fail(string reason)
    {
        _log.Error("Job {JobId} failed: {Reason}", _jobId, reason);
        _analysisCancellation.Cancel();
        DropPartialResults();
        Timers.CancelAll();
        ReleaseSlices();
        Context.Parent.Tell(new JobFailed(_jobId, reason));
        Become(Finished);
    }

    private void Finished() => ReceiveAny(_ => { });

    private void ReleaseSlices()
    {
        foreach (var slice in _ledger.Slices) _sliceRegion.Tell(new ReleaseSlice(slice));
    }

    private void Progress(string phase, long done, long total, double? eta) =>
        Context.Parent.Tell(new JobProgress(_jobId, phase, done, total, eta));

    /// <summary>Turns the analysis thread's progress reports into <see cref="JobProgress"/> from this runner.</summary>
    private sealed class ProgressToCoordinator(string jobId, IActorRef coordinator, IActorRef runner) : IProgress<PhaseProgress>
    {
        public void Report(PhaseProgress value) => coordinator.Tell(new JobProgress(jobId, value.Phase, value.Done, value.Total, null), runner);
    }
}
