using Akka.Actor;
using GalaxyActors.Core;
using GalaxyActors.Core.Linalg;
using GalaxyActors.Messages;
using GalaxyActors.Messages.Slices;

namespace GalaxyActors.Hosting.Workers;

/// <summary>
/// The slice's share of the analysis: each handler makes the compute library's per-slice call on the rows it holds,
/// with the slice's global row offsets, so the coordinator's merge in slice order gives the bits one process gets.
/// </summary>
public sealed partial class SliceActor
{
    private PcaStatistics? _statistics;
    private float[][]? _componentChunks;
    private float[]? _mean;

    private void ForgetAnalysis()
    {
        _statistics = null;
        _componentChunks = null;
        _mean = null;
    }

    private void ComputeStatistics(ComputePcaStats request)
    {
        var slice = request.Slice;
        if (!HasFeaturesNormalised(slice, request.Norm)) return;
        try
        {
            if (_statistics is null)
            {
                var statistics = new PcaStatistics(_featureDim);
                statistics.Add(_features, slice.Count, slice.Start); // checks every value, naming the global row
                _statistics = statistics;
            }
        }
        catch (InvalidInputException e)
        {
            Sender.Tell(new SliceFailed(slice, e.Message));
            return;
        }
        // A 512-d scatter's upper triangle is 1 MiB of doubles: it goes in chunks of whole rows under the wire limit.
        int dim = _featureDim;
        var bounds = PackedScatter.ChunkBounds(dim);
        int chunkCount = bounds.Length - 1;
        int chunk = request.ChunkIndex;
        if (chunk < 0 || chunk >= chunkCount)
        {
            Sender.Tell(new SliceFailed(slice, $"PCA statistics chunk {chunk} asked for; there are {chunkCount} (protocol error)"));
            return;
        }
        Sender.Tell(new PcaStatsPart(slice, _statistics.Count, dim, chunk, chunkCount, chunk == 0 ? _statistics.Sum : [],
            bounds[chunk], PackedScatter.Pack(_statistics.Scatter, dim, bounds[chunk], bounds[chunk + 1])));
        // 2 MiB kept per slice, thousands of slices at 10⁶ rows: not kept once its last chunk has gone (asked again after a
        // lost reply, it is recomputed from the rows, milliseconds, the same bits).
        if (chunk == chunkCount - 1) _statistics = null;
    }

    private void Project(ProjectSlice request)
    {
        var slice = request.Slice;
        if (!HasFeaturesNormalised(slice, request.Norm)) return;
        if (request.Dim != _featureDim)
        {
            Sender.Tell(new SliceFailed(slice, $"PCA of {request.Dim}-d features sent to a slice holding {_featureDim}-d features (protocol error)"));
            return;
        }
        if (request.ChunkIndex == 0 || _componentChunks is null || _componentChunks.Length != request.ChunkCount)
            _componentChunks = new float[request.ChunkCount][];
        if (request.ChunkIndex == 0) _mean = request.Mean;
        _componentChunks[request.ChunkIndex] = request.Components;
        if (_mean is null || _componentChunks.Any(c => c is null))
        {
            Sender.Tell(new SliceProjected(slice, 0));
            return;
        }

        // float → double → float is exact, so this model packs the very floats the coordinator's model projects with.
        var components = _componentChunks.SelectMany(c => c).Select(v => (double)v).ToArray();
        var model = new PcaModel(_featureDim, request.ComponentCount, _mean.Select(v => (double)v).ToArray(), components, [], [], 1.0);
        var reduced = new float[slice.Count * request.ComponentCount];
        model.Project(_features, slice.Count, reduced);
        _reduced = reduced;
        _reducedDim = request.ComponentCount;
        _componentChunks = null;
        // The later stages read only the reduced rows: the features (1 MiB per slice, the bulk of a worker's memory) go.
        // Asked for them again (a projection re-sent), the slice says so and is given them from the job's feature store.
        _features = null;
        _statistics = null;
        Sender.Tell(new SliceProjected(slice, request.ComponentCount));
    }

    // The analysis sees every row normalised (row-local: the same call the local stages make, so the same bits). The
    // slice normalises its rows in place once; rows normalised otherwise cannot be undone, so it asks for them afresh.
    private bool HasFeaturesNormalised(SliceRef slice, FeatureNorm norm)
    {
        if (_features is null || (_featuresNorm != norm && _featuresNorm != FeatureNorm.None))
        {
            _features = null;
            _statistics = null;
            Sender.Tell(new SliceFeaturesMissing(slice));
            return false;
        }
        if (_featuresNorm != norm)
        {
            FeatureNormalization.Apply(norm, _features, slice.Count, _featureDim);
            _featuresNorm = norm;
            _statistics = null;
        }
        return true;
    }

    private void SendReduced(SendReducedRows request)
    {
        var slice = request.Slice;
        if (_reduced is null)
        {
            Sender.Tell(new ReducedRowsMissing(slice));
            return;
        }
        int dim = _reducedDim;
        int rowsPerChunk = WireLimits.RowsPerChunk(dim * sizeof(float));
        int chunkCount = Math.Max(1, (slice.Count + rowsPerChunk - 1) / rowsPerChunk);
        int chunk = Math.Clamp(request.ChunkIndex, 0, chunkCount - 1);
        int first = chunk * rowsPerChunk, rows = Math.Min(rowsPerChunk, slice.Count - first);
        Sender.Tell(new ReducedRows(slice, dim, first, chunk, chunkCount, _reduced.AsSpan(first * dim, rows * dim).ToArray()));
    }

    // The node's copy of all points (NodeKnnPoints), laid out once, searched for this slice's share of k-d positions:
    // exact lists, ties broken by row, as the library's search of all points, whichever node runs which share.
    private void SearchNeighbours(KnnSearch query)
    {
        var slice = query.Slice;
        var reference = NodeKnnPoints.Find(slice.JobId, query.PointsKey, query.Rows, query.Dim);
        if (reference is null)
        {
            // The node's address (its remoting address in a cluster): the coordinator uploads once per address.
            Sender.Tell(new KnnPointsMissing(slice, ((ExtendedActorSystem)Context.System).Provider.DefaultAddress.ToString()));
            return;
        }
        try
        {
            var nearest = reference.SearchPositions(query.First, query.Count, query.Neighbors, out var points);
            Sender.Tell(new KnnPart(slice, query.Neighbors, points, nearest.Ids, nearest.SquaredDistances));
        }
        catch (Exception e) when (e is ArgumentException or InvalidInputException)
        {
            Sender.Tell(new SliceFailed(slice, $"kNN share {query.First}..{query.First + query.Count} of {query.Rows} points: {e.Message}"));
        }
    }

    private void HoldPoints(HoldKnnPoints block)
    {
        if (NodeKnnPoints.TryHold(block, out var problem))
            Sender.Tell(new KnnPointsHeld(block.Slice, block.BlockIndex));
        else
            Sender.Tell(new SliceFailed(block.Slice, problem!));
    }
}
