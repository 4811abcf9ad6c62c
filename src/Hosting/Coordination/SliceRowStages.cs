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
/// (<see cref="SliceKMeansPass"/>); and the exact kNN search, every slice searching a share of all points (a run of their
/// k-d order) against all of them, which each node receives once. Same slices, same per-slice calls, same merge order as
/// <see cref="LocalRowStages"/>: the same bits. Messages stay under <see cref="WireLimits"/>; a stage whose messages
/// could not (more K-means centroids than one message holds) runs on the seed instead, giving the same bits.
/// </summary>
/// <param name="slicesInFlight">
/// Slices asked at once in the stages whose replies or work are large (PCA statistics: a 2 MiB scatter matrix each, after
/// loading a --features job's rows; the projection; the kNN searches, seconds each on large inputs); null: all at once.
/// Hundreds at once would hold hundreds of megabytes in flight and outwait the request timeout behind each other.
/// </param>
public sealed class SliceRowStages(SliceRequester requester, SliceRef[] slices, int dimensions, AnalysisOptions options, int? slicesInFlight = null)
    : IRowStages
{
    public int Rows { get; } = slices.Sum(s => s.Count);

    // Each slice's place in the job's order (the merge order, and its share of the kNN search).
    private readonly Dictionary<SliceRef, int> _position = slices.Select((slice, i) => (slice, i)).ToDictionary(p => p.slice, p => p.i);
    public int Dimensions => dimensions;

    public PcaStatistics PcaStatistics()
    {
        // Merged in slice order as they come (2 MiB each at 512-d: thousands are not held at once). A partial waits only
        // for those before it, and the pacing asks in slice order, so few wait.
        var total = new PcaStatistics(dimensions);
        var waiting = new Dictionary<int, PcaStatistics>();
        int next = 0;
        requester.ForAll(slices, async slice =>
        {
            var partial = await SliceStatisticsAsync(slice);
            lock (waiting)
            {
                waiting[_position[slice]] = partial;
                while (waiting.Remove(next, out var ready))
                {
                    total.Merge(ready);
                    next++;
                }
            }
            return true;
        }, slicesInFlight);
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
            if (part.Dim != dimensions || !PackedScatter.TryUnpack(part.Scatter, dimensions, part.ScatterRowStart, scatter))
                throw new InvalidOperationException($"slice {slice.SliceIndex} sent a scatter chunk that is not whole triangle rows of {dimensions} (a worker of another version)");
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
        }, slicesInFlight);
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

    /// <summary>
    /// The exact kNN graph: each node receives all reduced points once (through the first of its slices to miss
    /// them, <see cref="HoldKnnPoints"/>), and each slice searches one share of them, a run of k-d positions, against
    /// its node's copy (<see cref="KnnSearch"/>, the library's one-way k-d search). A slice whose node lacks them (first use, or re-created elsewhere after a loss) says
    /// so with the node's address, and the coordinator uploads to that node once, whichever of its slices asked.
    /// </summary>
    public KnnResult Neighbours(RowMatrix reduced, int k)
    {
        int dim = reduced.Columns;
        int blockRows = WireLimits.RowsPerChunk(dim * sizeof(float));
        int blockCount = (reduced.Rows + blockRows - 1) / blockRows;
        long key = PointsKey(reduced);
        // Copied into a message when a node needs it, not all beforehand: a node holds the points once, and a job's
        // nodes ask for them once each.
        HoldKnnPoints Block(SliceRef through, int b) => new(through, key, reduced.Rows, dim, b, blockCount, (long)b * blockRows,
            reduced.RowBlock(b * blockRows, Math.Min(blockRows, reduced.Rows - b * blockRows)).ToArray());

        // A few blocks in flight at once: round trips overlap, and the remoting queue holds megabytes, not the whole set.
        const int blocksInFlight = 4;
        async Task UploadAsync(SliceRef through)
        {
            for (int first = 0; first < blockCount; first += blocksInFlight)
            {
                var replies = await Task.WhenAll(Enumerable.Range(first, Math.Min(blocksInFlight, blockCount - first))
                    .Select(b => requester.AskAsync(through, Block(through, b))));
                if (replies.FirstOrDefault(r => r is not KnnPointsHeld) is { } odd)
                    throw new InvalidOperationException($"slice {through.SliceIndex} answered {odd.GetType().Name} to HoldKnnPoints");
            }
        }
        // One upload per node at a time; a slice that still misses after awaiting one (its node lost the points, or it
        // moved) starts another unless someone already has.
        var uploads = new Dictionary<string, Task>();
        Task UploadOnce(string node, SliceRef through, Task? awaitedBefore)
        {
            lock (uploads)
            {
                if (uploads.TryGetValue(node, out var upload) && upload != awaitedBefore) return upload;
                return uploads[node] = UploadAsync(through);
            }
        }

        // Slice i searches share i of the k-d positions (not its own rows): shares are runs of neighbouring points.
        var perSlice = requester.ForAll(slices, async slice =>
        {
            var (first, count) = ExactKnn.Reference.Share(_position[slice], slices.Length, reduced.Rows);
            if (count == 0) return null;
            Task? awaited = null;
            for (int round = 0; round < 3; round++)
            {
                switch (await requester.AskAsync(slice, new KnnSearch(slice, k, dim, reduced.Rows, key, first, count)))
                {
                    case KnnPart part when part.Points.Length == count && part.Neighbors == k:
                        return part;
                    case KnnPointsMissing missing:
                        awaited = UploadOnce(missing.Node, slice, awaited);
                        await awaited;
                        break;
                    case var other:
                        throw new InvalidOperationException($"slice {slice.SliceIndex} answered {other?.GetType().Name} to KnnSearch of {count} points (protocol error)");
                }
            }
            throw new TimeoutException($"slice {slice.SliceIndex}: its node lost the kNN points 3 times; see the worker nodes' logs");
        }, slicesInFlight);
        var all = new KnnTopK(reduced.Rows, k);
        foreach (var part in perSlice)
        {
            if (part is null) continue;
            for (int i = 0; i < part.Points.Length; i++)
            {
                Array.Copy(part.Ids, i * k, all.Ids, part.Points[i] * k, k);
                Array.Copy(part.SquaredDistances, i * k, all.SquaredDistances, part.Points[i] * k, k);
            }
        }
        return KnnResult.From(all);
    }

    /// <summary>
    /// A digest of the points' bits (FNV-1a over 64-bit words), so a node never searches another set of points held
    /// under the same job: what it holds is named by job, shape and this.
    /// </summary>
    internal static long PointsKey(RowMatrix points)
    {
        int values = points.Rows * points.Columns;
        var words = System.Runtime.InteropServices.MemoryMarshal.Cast<float, ulong>(points.Data.AsSpan(0, values / 2 * 2));
        ulong hash = 14695981039346656037UL;
        foreach (var word in words) hash = (hash ^ word) * 1099511628211UL;
        if (values % 2 == 1) hash = (hash ^ BitConverter.SingleToUInt32Bits(points.Data[values - 1])) * 1099511628211UL;
        return unchecked((long)hash);
    }
}
