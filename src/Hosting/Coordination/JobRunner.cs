using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using GalaxyActors.Core;
using GalaxyActors.Core.Clustering;
using GalaxyActors.Core.Hdf5;
using GalaxyActors.Core.Jobs;
using GalaxyActors.Core.Labels;
using GalaxyActors.Core.Linalg;
using GalaxyActors.Core.Morphology;
using GalaxyActors.Core.Pipeline;
using GalaxyActors.Core.Results;
using GalaxyActors.Messages.Jobs;
using GalaxyActors.Messages.Slices;

namespace GalaxyActors.Hosting.Coordination;

/// <summary>
/// Runs one job for the <see cref="JobCoordinator"/> (its parent). Embed phase: plans slices of
/// <see cref="AnalysisOptions.SliceSize"/> rows, sends <see cref="EmbedSlice"/> through the shard region with at most
/// <see cref="JobRunnerSettings.SlicesInFlightPerWorker"/> per worker in flight, re-sends a slice whose reply does
/// not come in time (the entity may have been re-created on another node: the work is idempotent), accepts each
/// slice's rows once, and writes them into the job's <c>features.h5</c> in whatever order they come, publishing
/// progress with an ETA. Then the analysis (<see cref="LocalJob.Analyse"/>: PCA, elbow K-means, kNN graph,
/// spectral, metrics, result folder) runs on a thread of its own, so the actor keeps answering, and its outcome
/// comes back as a message. Its row-local stages — PCA statistics, projection, the elbow's K-means passes, the kNN
/// search — run on the slice entities that hold the rows (<see cref="SliceRowStages"/>), merged in slice order; the
/// global steps between them are the code a single-process job runs, so the results are identical however many
/// workers took part.
/// </summary>
public sealed class JobRunner : ReceiveActor, IWithTimers
{
    // Local messages (never cross the wire): exempt from serialize-messages checks.
    private sealed record SliceTimedOut(int SliceIndex, int Attempt) : INoSerializationVerificationNeeded;

    private sealed record AnalysisFinished(JobSummary? Summary, string? Error) : INoSerializationVerificationNeeded;

    private sealed class SliceState(SliceRef slice)
    {
        public SliceRef Slice { get; } = slice;
        public int Attempt { get; set; }
        public bool[]? ChunksSeen { get; set; }
        public int ChunksLeft { get; set; }
        public bool MorphologySeen { get; set; }
        public bool Done { get; set; }
    }

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly string _jobId;
    private readonly JobRequest _request;
    private readonly IActorRef _sliceRegion;
    private readonly JobRunnerSettings _settings;
    private readonly Stopwatch _total = Stopwatch.StartNew();
    private readonly Stopwatch _embedWatch = new();
    private readonly Queue<int> _waiting = new();
    private readonly HashSet<int> _inFlight = [];
    private SliceState[] _slices = [];
    private int _images;
    private LabelSet? _labels;
    private string _inputFullPath = "";
    private string _featuresPath = "";
    private FeatureStoreWriter? _writer;
    private long _imagesDone;
    private int _workers = 1;
    private int _resends;

    public JobRunner(string jobId, JobRequest request, IActorRef sliceRegion, JobRunnerSettings settings)
    {
        _jobId = jobId;
        _request = request;
        _sliceRegion = sliceRegion;
        _settings = settings;
        Receive<SliceEmbedderInfo>(OnEmbedderInfo);
        Receive<SliceMorphology>(OnMorphology);
        Receive<SliceEmbedded>(OnEmbedded);
        Receive<SliceFailed>(f => Fail($"slice {f.Slice.SliceIndex} (rows {f.Slice.Start}..{f.Slice.Start + f.Slice.Count}): {f.Reason}"));
        Receive<SliceTimedOut>(OnTimedOut);
        Receive<AnalysisFinished>(OnAnalysisFinished);
        Receive<ClusterEvent.IMemberEvent>(_ => OnMembersChanged());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>The factory the seed's coordinator uses: a runner per job, on <see cref="GalaxyDispatchers.Jobs"/>.</summary>
    public static JobRunnerFactory Factory(JobRunnerSettings settings) => (jobId, request, sliceRegion) =>
        Props.Create(() => new JobRunner(jobId, request, sliceRegion, settings)).WithDispatcher(GalaxyDispatchers.Jobs);

    protected override void PreStart()
    {
        // The slices in flight follow the workers that are Up now: a worker added mid-job gets slices at once.
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
        // Stopped mid-job (failure, or the coordinator went away): leave no half-written store behind.
        _writer?.Dispose();
        _writer = null;
    }

    private void Plan()
    {
        // The same inspection a single-process job starts with: options, input headers, labels (read once, here).
        var facts = JobInputs.Inspect(_request);
        OutputPaths.EnsureDirectory(_request.OutputDirectory);
        _workers = UpWorkers();
        _images = facts.Rows;
        _labels = facts.Labels;
        int sliceSize = _request.Analysis.SliceSize;
        if (!_request.Input.IsImages)
        {
            // A feature store is the analysis's own input: nothing to embed. The slices still serve the row stages.
            _featuresPath = _request.Input.FeaturesPath!;
            PlanSlices(sliceSize);
            StartAnalysis(embedSeconds: 0);
            return;
        }

        _inputFullPath = Path.GetFullPath(_request.Input.ImagesPath!);
        _featuresPath = Path.Combine(_request.OutputDirectory, ResultFolder.FeaturesFileName);
        PlanSlices(sliceSize);
        for (int i = 0; i < _slices.Length; i++) _waiting.Enqueue(i);
        _log.Info("Job {JobId}: embedding {Images} images in {Slices} slices on {Workers} workers", _jobId, _images, _slices.Length, _workers);
        _embedWatch.Start();
        Progress("embed", 0, _images, null);
        SendMore();
    }

    private static bool InCluster => Context.System is ExtendedActorSystem { Provider: Akka.Cluster.IClusterActorRefProvider };

    // Paces the slices in flight; at least one, and one outside a cluster (an actor test's plain ActorSystem).
    private int UpWorkers()
    {
        if (!InCluster) return 1;
        return Math.Max(1, Cluster.Get(Context.System).State.Members.Count(m => m.Status == MemberStatus.Up && m.HasRole(GalaxyRoles.Worker)));
    }

    private void OnMembersChanged()
    {
        var workers = UpWorkers();
        if (workers == _workers) return;
        _log.Info("Job {JobId}: {Workers} workers Up (were {Before}); up to {InFlight} slices in flight", _jobId, workers, _workers,
            Math.Max(1, _settings.SlicesInFlightPerWorker * workers));
        _workers = workers;
        if (_waiting.Count > 0) SendMore();
    }

    private void PlanSlices(int sliceSize)
    {
        int sliceCount = (_images + sliceSize - 1) / sliceSize;
        _slices = new SliceState[sliceCount];
        for (int i = 0; i < sliceCount; i++)
        {
            long start = (long)i * sliceSize;
            _slices[i] = new SliceState(new SliceRef(_jobId, i, start, (int)Math.Min(sliceSize, _images - start)));
        }
    }

    private int MaxInFlight => Math.Max(1, _settings.SlicesInFlightPerWorker * _workers);

    private void SendMore()
    {
        while (_inFlight.Count < MaxInFlight && _waiting.TryDequeue(out int index))
        {
            _inFlight.Add(index);
            Send(_slices[index]);
        }
    }

    private void Send(SliceState state)
    {
        state.Attempt++;
        _sliceRegion.Tell(new EmbedSlice(state.Slice, _request.Input.ImagesPath!, _request.Input.ImagesDataset, _request.Embedding));
        Timers.StartSingleTimer(TimerKey(state.Slice.SliceIndex), new SliceTimedOut(state.Slice.SliceIndex, state.Attempt),
            _settings.SliceTimeout(state.Slice.Count, MaxInFlight));
    }

    private static string TimerKey(int sliceIndex) => "slice-" + sliceIndex;

    private void OnTimedOut(SliceTimedOut timeout)
    {
        if (timeout.SliceIndex >= _slices.Length) return;
        var state = _slices[timeout.SliceIndex];
        if (state.Done || state.Attempt != timeout.Attempt || !_inFlight.Contains(timeout.SliceIndex)) return;
        if (timeout.Attempt >= _settings.SliceAttempts)
        {
            Fail($"slice {timeout.SliceIndex} (rows {state.Slice.Start}..{state.Slice.Start + state.Slice.Count}) gave no answer in {timeout.Attempt} attempts; see the worker nodes' logs");
            return;
        }
        _resends++;
        _log.Warning("Job {JobId}: slice {SliceIndex} gave no answer in time (attempt {Attempt}); sending it again", _jobId, timeout.SliceIndex, timeout.Attempt);
        Send(state);
    }

    private void OnEmbedderInfo(SliceEmbedderInfo info)
    {
        if (_writer is not null || _featuresPath.Length == 0 || _slices.Length == 0) return;
        try
        {
            _writer = FeatureStoreWriter.Create(_featuresPath, _images, info.FeatureDim,
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
        int index = chunk.Slice.SliceIndex;
        if (index < 0 || index >= _slices.Length || chunk.Slice.JobId != _jobId) return;
        var state = _slices[index];
        if (state.Done) return; // a late reply to an earlier attempt: the rows are already in
        if (_writer is null)
        {
            Fail("features arrived before the model that made them was known (protocol error)");
            return;
        }
        if (chunk.FeatureDim != _writer.Dimension)
        {
            Fail($"slice {index} has {chunk.FeatureDim}-d features, earlier slices {_writer.Dimension}-d: the workers run different models");
            return;
        }
        if (state.ChunksSeen is null || state.ChunksSeen.Length != chunk.ChunkCount)
        {
            state.ChunksSeen = new bool[chunk.ChunkCount];
            state.ChunksLeft = chunk.ChunkCount;
        }
        if (state.ChunksSeen[chunk.ChunkIndex]) return; // the same chunk from a re-sent attempt
        _writer.WriteRows((int)(chunk.Slice.Start + chunk.RowOffset), chunk.Features);
        state.ChunksSeen[chunk.ChunkIndex] = true;
        --state.ChunksLeft;
        CompleteIfWhole(state);
    }

    private void OnMorphology(SliceMorphology morphology)
    {
        int index = morphology.Slice.SliceIndex;
        if (index < 0 || index >= _slices.Length || morphology.Slice.JobId != _jobId) return;
        var state = _slices[index];
        if (state.Done || state.MorphologySeen || _writer is null) return; // late, repeated, or before the store exists
        if (morphology.Quantities != MorphologyQuantities.Count || morphology.Rows != state.Slice.Count)
        {
            Fail($"slice {index} sent {morphology.Rows} morphology rows of {morphology.Quantities} for {state.Slice.Count} images of {MorphologyQuantities.Count}: the workers run another version");
            return;
        }
        _writer.WriteMorphology((int)state.Slice.Start, morphology.Values);
        state.MorphologySeen = true;
        CompleteIfWhole(state);
    }

    // A slice is in once every feature chunk and its morphology are (they may come from different attempts).
    private void CompleteIfWhole(SliceState state)
    {
        if (state.ChunksSeen is null || state.ChunksLeft > 0 || !state.MorphologySeen) return;
        int index = state.Slice.SliceIndex;
        var writer = _writer!;
        state.Done = true;
        _inFlight.Remove(index);
        Timers.Cancel(TimerKey(index));
        _imagesDone += state.Slice.Count;
        double elapsed = _embedWatch.Elapsed.TotalSeconds;
        double? eta = _imagesDone > 0 ? elapsed / _imagesDone * (_images - _imagesDone) : null;
        Progress("embed", _imagesDone, _images, eta);
        if (_imagesDone < _images)
        {
            SendMore();
            return;
        }

        writer.Complete();
        writer.Dispose();
        _writer = null;
        _embedWatch.Stop();
        _log.Info("Job {JobId}: {Images} images embedded in {Seconds:F1} s ({Resends} slices re-sent)", _jobId, _images, _embedWatch.Elapsed.TotalSeconds, _resends);
        StartAnalysis(_embedWatch.Elapsed.TotalSeconds);
    }

    private void StartAnalysis(double embedSeconds)
    {
        Become(Analysing);
        var self = Self;
        var parent = Context.Parent;
        var progress = new ProgressToCoordinator(_jobId, parent, self);
        var request = _request;
        var featuresPath = _featuresPath;
        var workers = _workers;
        var labels = _labels;
        var total = _total;
        var rowStages = RowStagesFactory();
        // A thread of its own: the analysis blocks for seconds to minutes and must not hold a dispatcher thread.
        var thread = new Thread(() =>
        {
            try
            {
                var timings = new Dictionary<string, double> { ["embed"] = embedSeconds };
                var summary = LocalJob.Analyse(request, featuresPath, labels, workers, timings, total, progress, rowStages);
                self.Tell(new AnalysisFinished(summary, null));
            }
            catch (InvalidInputException e)
            {
                self.Tell(new AnalysisFinished(null, e.Message));
            }
            catch (Exception e)
            {
                self.Tell(new AnalysisFinished(null, $"{e.GetType().Name}: {e.Message}"));
            }
        })
        {
            IsBackground = true,
            Name = "galaxy-analysis-" + _jobId,
        };
        thread.Start();
    }

    // The row-local stages run on the slice entities, which hold the features since the embed phase (a features job's
    // slices load theirs on first use); the global steps run here, in the code a single process runs.
    private Func<int, int, IRowStages> RowStagesFactory()
    {
        var requester = new SliceRequester(_sliceRegion, _featuresPath, _request.Input.IsImages ? JobInput.DefaultFeaturesDataset : _request.Input.FeaturesDataset,
            _settings.PassTimeout, _settings.PassAttempts, _log);
        var slices = _slices.Select(s => s.Slice).ToArray();
        var options = _request.Analysis;
        return (_, dimensions) => new SliceRowStages(requester, slices, dimensions, options);
    }

    private void Analysing()
    {
        Receive<AnalysisFinished>(OnAnalysisFinished);
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
        _log.Info("Job {JobId} completed in {Seconds:F1} s: results in {OutDir}", _jobId, _total.Elapsed.TotalSeconds, _request.OutputDirectory);
        foreach (var warning in finished.Summary.Warnings) _log.Warning("Job {JobId}: {Warning}", _jobId, warning);
        ReleaseSlices();
        Context.Parent.Tell(new JobCompleted(_jobId, Path.GetFullPath(_request.OutputDirectory), SummaryJson.Serialize(finished.Summary)));
        Become(Finished);
    }

    private void Fail(string reason)
    {
        _log.Error("Job {JobId} failed: {Reason}", _jobId, reason);
        _writer?.Dispose();
        _writer = null;
        Timers.CancelAll();
        ReleaseSlices();
        Context.Parent.Tell(new JobFailed(_jobId, reason));
        Become(Finished);
    }

    private void Finished() => ReceiveAny(_ => { });

    private void ReleaseSlices()
    {
        foreach (var state in _slices) _sliceRegion.Tell(new ReleaseSlice(state.Slice));
    }

    private void Progress(string phase, long done, long total, double? eta) =>
        Context.Parent.Tell(new JobProgress(_jobId, phase, done, total, eta));

    /// <summary>Turns the analysis thread's progress reports into <see cref="JobProgress"/> from this runner.</summary>
    private sealed class ProgressToCoordinator(string jobId, IActorRef coordinator, IActorRef runner) : IProgress<PhaseProgress>
    {
        public void Report(PhaseProgress value) => coordinator.Tell(new JobProgress(jobId, value.Phase, value.Done, value.Total, null), runner);
    }
}
