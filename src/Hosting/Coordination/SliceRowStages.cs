using GalaxyActors.Core.Clustering;
using GalaxyActors.Core.Graph;
using GalaxyActors.Core.Linalg;
using GalaxyActors.Core.Jobs;
using GalaxyActors.Core.Pipeline;
using GalaxyActors.Messages;
using GalaxyActors.Messages.Slices;

namespace GalaxyActors.Hosting.Coordination;

/// <summary>
/// The analysis's row-local stages on the job's slice entities, which hold their feature rows since the embed phase
/// (or load them from the feature store): PCA statistics per slice, merged in slice order; the projection, each slice
/// keeping its reduced rows and sending a copy for the global stages; the elbow's K-means passes
/// (<see cref="SliceKMeansPass"/>); and the exact kNN search, every slice searching its rows against blocks of all
/// points, the exact per-block lists merged. Same slices, same per-slice calls, same merge order as
/// <see cref="LocalRowStages"/>: the same bits. Messages stay under <see cref="WireLimits"/>; a stage whose messages
/// could not (more K-means centroids than one message holds) runs on the seed instead, giving the same bits.
/// </summary>
public sealed class SliceRowStages(SliceRequester requester, SliceRef[] slices, int dimensions, AnalysisOptions options) : IRowStages
{
    public int Rows { get; } = slices.Sum(s => s.Count);
    public int Dimensions => dimensions;

    public PcaStatistics PcaStatistics()
    {
        var partials = requester.ForAll(slices, SliceStatisticsAsync);
        var total = new PcaStatistics(dimensions);
        foreach (var partial in partials) total.Merge(partial);
        return total;
    }

    private async Task<PcaStatistics> SliceStatisticsAsync(SliceRef slice)
    {
        var sum = new double[dimensions];
        var scatter = new double[dimensions * dimensions];
        long count = 0;
        int chunkCount = 1;
        for (int chunk = 0; chunk < chunkCount; chunk++)
        {
            var part = (PcaStatsPart)(await requester.AskAsync(slice, new ComputePcaStats(slice, chunk, options.FeatureNorm)))!;
            chunkCount = part.ChunkCount;
            count = part.Rows;
            if (part.ChunkIndex == 0) part.Sum.CopyTo(sum, 0);
            part.Scatter.CopyTo(scatter, part.ScatterRowStart * dimensions);
        }
        return new PcaStatistics(dimensions, count, sum, scatter);
    }

    public RowMatrix Project(PcaModel model)
    {
        int components = model.ComponentCount;
        var mean = model.Mean.Select(v => (float)v).ToArray();
        var packed = model.Components.Select(v => (float)v).ToArray();
        int perChunk = WireLimits.RowsPerChunk(dimensions * sizeof(float));
        var chunks = Enumerable.Range(0, (components + perChunk - 1) / perChunk)
            .Select(c => (First: c * perChunk, Values: packed.AsSpan(c * perChunk * dimensions, Math.Min(perChunk, components - c * perChunk) * dimensions).ToArray()))
            .ToArray();
        var reduced = new RowMatrix(Rows, components);
        requester.ForAll(slices, async slice =>
        {
            await ProjectSliceAsync(slice, components, mean, chunks);
            await GatherReducedAsync(slice, reduced);
            return true;
        });
        requester.Reduced = reduced;
        return reduced;
    }

    private async Task ProjectSliceAsync(SliceRef slice, int components, float[] mean, (int First, float[] Values)[] chunks)
    {
        // A slice re-created between chunks forgets the earlier ones and answers 0 to the last: send them all again.
        for (int round = 0; round < 3; round++)
        {
            object? reply = null;
            for (int c = 0; c < chunks.Length; c++)
                reply = await requester.AskAsync(slice, new ProjectSlice(slice, dimensions, components, c, chunks.Length, chunks[c].First,
                    chunks[c].Values, c == 0 ? mean : [], options.FeatureNorm));
            if (reply is SliceProjected { Components: var held } && held == components) return;
        }
        throw new TimeoutException($"slice {slice.SliceIndex} did not take the PCA components in 3 rounds; see the worker nodes' logs");
    }

    private async Task GatherReducedAsync(SliceRef slice, RowMatrix into)
    {
        int chunkCount = 1;
        for (int chunk = 0; chunk < chunkCount; chunk++)
        {
            var part = (ReducedRows)(await requester.AskAsync(slice, new SendReducedRows(slice, chunk)))!;
            chunkCount = part.ChunkCount;
            part.Points.CopyTo(into.RowBlock((int)slice.Start + part.RowOffset, part.Points.Length / into.Columns));
        }
    }

    public IKMeansPass KMeansPass(RowMatrix reduced)
    {
        long kMax = Math.Min(options.KMax, Rows);
        long centroids = options.NInit * (kMax * (kMax + 1) / 2 + (options.K ?? 0));
        return centroids <= int.MaxValue && SliceKMeansPass.Fits(reduced, options.SliceSize, (int)centroids)
            ? new SliceKMeansPass(requester, slices, reduced)
            : new LocalKMeansPass(reduced, options.SliceSize);
    }

    public KnnResult Neighbours(RowMatrix reduced, int k)
    {
        int blockRows = WireLimits.RowsPerChunk(reduced.Columns * sizeof(float));
        int blockCount = (reduced.Rows + blockRows - 1) / blockRows;
        var blocks = Enumerable.Range(0, blockCount)
            .Select(b => reduced.RowBlock(b * blockRows, Math.Min(blockRows, reduced.Rows - b * blockRows)).ToArray())
            .ToArray();
        var all = new KnnTopK(reduced.Rows, k);
        var perSlice = requester.ForAll(slices, async slice =>
        {
            // One block at a time per slice: the slices run in parallel, the blocks in flight stay one per slice.
            var nearest = new KnnTopK(slice.Count, k);
            for (int b = 0; b < blockCount; b++)
            {
                var part = (KnnPart)(await requester.AskAsync(slice, new KnnQuery(slice, k, reduced.Columns, b, blockCount, (long)b * blockRows, blocks[b])))!;
                nearest.Merge(new KnnTopK(slice.Count, k, part.Ids, part.SquaredDistances));
            }
            return nearest;
        });
        for (int i = 0; i < slices.Length; i++)
        {
            int offset = (int)slices[i].Start * k;
            perSlice[i].Ids.CopyTo(all.Ids, offset);
            perSlice[i].SquaredDistances.CopyTo(all.SquaredDistances, offset);
        }
        return KnnResult.From(all);
    }
}
