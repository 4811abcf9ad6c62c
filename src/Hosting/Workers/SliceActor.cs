using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Event;
using GalaxyActors.Core;
using GalaxyActors.Core.Clustering;
using GalaxyActors.Core.Hdf5;
using GalaxyActors.Core.Linalg;
using GalaxyActors.Core.Morphology;
using GalaxyActors.Messages;
using GalaxyActors.Messages.Slices;

namespace GalaxyActors.Hosting.Workers;

/// <summary>
/// The sharding entity for one slice of one job (<c>{jobId}/slice-{i}</c>), hosted on worker nodes and run on
/// <see cref="GalaxyDispatchers.Compute"/> (so its blocking reads and inference never starve the default dispatcher).
/// It embeds its rows from the shared input file (<see cref="EmbedSlice"/>, replying with the features in chunks
/// under the wire limit) or loads them from a feature store (<see cref="LoadSliceFeatures"/>), and keeps them until it
/// has projected them. Then it serves every row-local stage of the analysis (SliceActor.Analysis.cs): PCA statistics
/// and projection of its rows, the elbow's K-means steps and assignment pass over its reduced rows, and a share of the
/// kNN search against all points (held once per node, <see cref="NodeKnnPoints"/>). If it was re-created on another node and lacks what a request needs, it says so
/// (<see cref="SliceFeaturesMissing"/>, <see cref="ReducedRowsMissing"/>) and the coordinator restores it. Work
/// is idempotent: a re-sent request (after a timeout, or to an entity re-created on another node) recomputes from the
/// file and gives the same rows. A problem a retry cannot fix is answered with <see cref="SliceFailed"/>.
/// </summary>
public sealed partial class SliceActor : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private float[]? _features;

    // The slice's images' morphology, measured when they were embedded (kept so a re-sent EmbedSlice answers at once).
    private float[]? _morphology;
    private int _featureDim;
    // How _features were normalised for the analysis (in place: the raw rows are in the job's feature store by then).
    private FeatureNorm _featuresNorm;
    private float[]? _reduced;
    private int _reducedDim;
    // _reduced with its row norms for the k-means kernel, made on the first full pass and kept for the
    // next ones (as LocalKMeansPass keeps each slice's); remade whenever _reduced is replaced.
    private KMeansRows? _kmeansRows;
    private float[]? _kmeansRowsOf;

    public SliceActor(string entityId)
    {
        EntityId = entityId;
        Receive<PingSlice>(ping => Sender.Tell(new SlicePong(ping.Slice, Cluster.Get(Context.System).SelfAddress.ToString())));
        Receive<EmbedSlice>(Embed);
        Receive<LoadSliceFeatures>(Load);
        Receive<HoldReducedRows>(hold =>
        {
            _reduced = hold.Points;
            _reducedDim = hold.Dim;
            Sender.Tell(new SliceProjected(hold.Slice, hold.Dim));
        });
        Receive<ComputePcaStats>(ComputeStatistics);
        Receive<ProjectSlice>(Project);
        Receive<SendReducedRows>(SendReduced);
        Receive<KnnSearch>(SearchNeighbours);
        Receive<HoldKnnPoints>(HoldPoints);
        Receive<KMeansStep>(Step);
        Receive<AssignSlice>(Assign);
        Receive<ReleaseSlice>(release =>
        {
            _log.Debug("Slice {EntityId} released", EntityId);
            _features = null;
            _morphology = null;
            _reduced = null;
            _kmeansRows = null;
            _kmeansRowsOf = null;
            ForgetAnalysis();
            NodeKnnPoints.Forget(release.Slice.JobId);
            // Ask the shard to stop us so messages already in flight to this entity are not lost (a plain Stop would drop them).
            Context.Parent.Tell(new Passivate(PoisonPill.Instance));
        });
    }

    /// <summary>This entity's id, <c>{jobId}/slice-{i}</c>.</summary>
    public string EntityId { get; }

    /// <summary>Props for the entity <paramref name="entityId"/>, on the compute dispatcher.</summary>
    public static Props PropsFor(string entityId) =>
        Props.Create(() => new SliceActor(entityId)).WithDispatcher(GalaxyDispatchers.Compute);

    private void Embed(EmbedSlice request)
    {
        var slice = request.Slice;
        try
        {
            var embedder = ProcessEmbedder.For(request);
            // Rows already normalised for the analysis are not the model's output any more: embed again.
            if (_features is null || _morphology is null || _featureDim != embedder.FeatureDimension || _featuresNorm != FeatureNorm.None)
            {
                // Info, not debug: an operator following a worker's log sees which rows it works on.
                _log.Info("Slice {EntityId}: embedding rows {First}..{End}", EntityId, slice.Start, slice.Start + slice.Count);
                // Labels are the coordinator's business: open the images only.
                using var input = GalaxyImageFile.Open(request.ImagesPath, request.ImagesDataset, labelsDataset: null);
                if (slice.Start + slice.Count > input.Count)
                    throw new InvalidInputException($"{request.ImagesPath}: slice {slice.SliceIndex} asks for rows {slice.Start}..{slice.Start + slice.Count} of {input.Count} images.");
                var batch = input.ReadImages((int)slice.Start, slice.Count);
                var features = new float[(long)slice.Count * embedder.FeatureDimension];
                embedder.Embed(batch, features);
                // Measured on the pixels already in memory: the morphology costs no second read of the file.
                var morphology = new float[slice.Count * MorphologyQuantities.Count];
                new MorphologyMeter(batch.Height, batch.Width, batch.Channels).Measure(batch, morphology);
                _morphology = morphology;
                _features = features;
                _featuresNorm = FeatureNorm.None;
                _featureDim = embedder.FeatureDimension;
                _log.Debug("Slice {EntityId} embedded {Rows} images", EntityId, slice.Count);
            }
            Sender.Tell(new SliceEmbedderInfo(slice, embedder.Model.Name, embedder.FeatureDimension, embedder.PreprocessingDescription));
            Sender.Tell(new SliceMorphology(slice, MorphologyQuantities.Count, _morphology!));
            SendFeatures(Sender, slice);
        }
        catch (InvalidInputException e)
        {
            _log.Warning("Slice {EntityId} cannot be embedded: {Reason}", EntityId, e.Message);
            Sender.Tell(new SliceFailed(slice, e.Message));
        }
    }

    private void Load(LoadSliceFeatures request)
    {
        var slice = request.Slice;
        try
        {
            if (_features is null)
            {
                _log.Info("Slice {EntityId}: loading rows {First}..{End} from {FeaturesPath}", EntityId, slice.Start, slice.Start + slice.Count, request.FeaturesPath);
                // Through this node's block cache: the slices of one gzip chunk decompress it once between them.
                var (rows, storeRows) = NodeFeatureBlocks.ReadRows(request.FeaturesPath, request.FeaturesDataset, (int)slice.Start, slice.Count);
                if (rows.Rows != slice.Count)
                    throw new InvalidInputException($"{request.FeaturesPath}: slice {slice.SliceIndex} asks for rows {slice.Start}..{slice.Start + slice.Count} of {storeRows}.");
                // Named by the file here, where it is known (the analysis's own check can only say "the features").
                FiniteRows.Ensure(rows.Data, rows.Columns, slice.Start, $"features in '{request.FeaturesPath}'");
                _features = rows.Data;
                _featuresNorm = FeatureNorm.None;
                _featureDim = rows.Columns;
            }
            Sender.Tell(new SliceFeaturesHeld(slice, _featureDim));
        }
        catch (InvalidInputException e)
        {
            _log.Warning("Slice {EntityId} cannot load its features: {Reason}", EntityId, e.Message);
            Sender.Tell(new SliceFailed(slice, e.Message));
        }
    }

    // The same kernel calls, on the same rows in the same order, as LocalKMeansPass makes for this slice, so the
    // coordinator's merge in slice order gives the bits a single process gets.
    private void Step(KMeansStep step)
    {
        if (!HasReducedRows(step.Slice, step.Dim)) return;
        var sets = new CentroidSets(step.Dim, step.Ks, step.Centroids);
        var partial = new KMeansPartial(sets.SetCount, sets.TotalCentroids, sets.Dimensions);
        int rows = _reduced!.Length / _reducedDim;
        if (step.Rows.Length == 0)
        {
            KMeansAssignment.Accumulate(ReducedForKMeans(rows), sets, partial);
        }
        else
        {
            var gathered = new float[step.Rows.Length * _reducedDim];
            for (int i = 0; i < step.Rows.Length; i++)
                _reduced.AsSpan(step.Rows[i] * _reducedDim, _reducedDim).CopyTo(gathered.AsSpan(i * _reducedDim, _reducedDim));
            KMeansAssignment.Accumulate(gathered, step.Rows.Length, sets, partial);
        }
        Sender.Tell(new KMeansStepResult(step.Slice, step.Iteration, step.Dim, step.Ks, partial.Sums, partial.Counts, partial.Sse));
    }

    private void Assign(AssignSlice assign)
    {
        if (!HasReducedRows(assign.Slice, assign.Dim)) return;
        var sets = new CentroidSets(assign.Dim, assign.Ks, assign.Centroids);
        var partial = new KMeansPartial(sets.SetCount, sets.TotalCentroids, sets.Dimensions);
        int rows = _reduced!.Length / _reducedDim;
        var labels = new int[rows * sets.SetCount];
        KMeansAssignment.Label(ReducedForKMeans(rows), sets, partial, labels);
        Sender.Tell(new SliceAssigned(assign.Slice, assign.Ks, labels, partial.Sums, partial.Counts, partial.Sse));
    }

    private KMeansRows ReducedForKMeans(int rows)
    {
        if (_kmeansRows is null || !ReferenceEquals(_kmeansRowsOf, _reduced) || _kmeansRows.Dimensions != _reducedDim)
        {
            _kmeansRows = KMeansRows.Prepare(_reduced!, 0, rows, _reducedDim);
            _kmeansRowsOf = _reduced;
        }
        return _kmeansRows;
    }

    private bool HasReducedRows(SliceRef slice, int dim)
    {
        if (_reduced is not null && _reducedDim == dim) return true;
        // Re-created after its node was lost: the coordinator sends the rows again.
        Sender.Tell(new ReducedRowsMissing(slice));
        return false;
    }

    // Chunked by rows so each message stays under the wire limit (a 512-row × 512-d slice is exactly 1 MiB of floats).
    private void SendFeatures(IActorRef to, SliceRef slice)
    {
        var features = _features!;
        int dim = _featureDim;
        int rowsPerChunk = WireLimits.RowsPerChunk(dim * sizeof(float));
        int chunkCount = Math.Max(1, (slice.Count + rowsPerChunk - 1) / rowsPerChunk);
        for (int chunk = 0; chunk < chunkCount; chunk++)
        {
            int first = chunk * rowsPerChunk;
            int rows = Math.Min(rowsPerChunk, slice.Count - first);
            var part = features.AsSpan(first * dim, rows * dim).ToArray();
            to.Tell(new SliceEmbedded(slice, dim, first, chunk, chunkCount, part));
        }
    }
}
