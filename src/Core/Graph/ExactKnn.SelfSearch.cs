using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using GalaxyActors.Core.Linalg;

namespace GalaxyActors.Core.Graph;

public static partial class ExactKnn
{
    /// <summary>Tiles after a chunk's own that it meets in the first (near) pass.</summary>
    private const int NearBandTiles = 32;

    private const int TilesPerChunk = QueryChunk / TileWidth;

    /// <summary>
    /// All points against all points, each pair's dot product computed once: chunk I (64 points)
    /// meets only the tiles from its own onwards, and a tile beyond the chunk is screened both ways
    /// (the chunk's points as candidates of the tile's points too). That halves the arithmetic of
    /// <see cref="SearchBlock"/> on the same data. Reverse candidates land anywhere, so each worker
    /// keeps screen lists for all N points; the lists are united and re-ranked exactly at the end.
    /// <para>
    /// The thresholds (each point's worst kept screen value) are shared by all workers: a list
    /// holding c candidates at or below t proves that no point beyond t is among the c best by the
    /// screen, whichever worker's list it is, so every worker may reject on the smallest one
    /// known. (Per-worker thresholds made two workers insert twice as many candidates.)
    /// </para>
    /// <para>
    /// What the arithmetic does not pay for is a candidate insertion: a reverse candidate lands in
    /// a list anywhere in memory, and a point whose threshold is still loose takes many. So (1)
    /// the points are put in a k-d leaf order (<see cref="KdOrder"/>); (2) every threshold starts
    /// at the c-th best screen value among the point's k-d neighbours (<see cref="SeedThresholds"/>);
    /// (3) every chunk first meets the band of tiles just after it — its likely neighbours — so
    /// all thresholds are tight before any chunk meets the far tiles. And for the arithmetic
    /// itself, (4) the kernel drops a block half-way when the partial distances over the leading
    /// coordinates already put every pair beyond both thresholds (<see cref="MayPass"/>).
    /// </para>
    /// <para>
    /// Exactness does not depend on scheduling: whatever order the workers run in, the union of
    /// the lists holds every point's c best candidates by the screen, and the re-rank orders them
    /// by exact distance.
    /// </para>
    /// </summary>
    private static KnnTopK SearchSelf(RowMatrix points, int k)
    {
        var n = points.Rows;
        var order = KdOrder.Of(points, TileWidth);
        var layout = new SelfLayout(points, order);
        var candidateCount = Math.Min(k + ScreenMargin(k), n - 1);
        var thresholds = new float[layout.Norms.Length];
        Array.Fill(thresholds, float.PositiveInfinity, 0, n);
        Array.Fill(thresholds, float.NegativeInfinity, n, thresholds.Length - n); // padding lanes take no candidates
        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };
        Parallel.For(0, layout.ChunkCount, options, chunk => SeedThresholds(points, order, layout, chunk, k, thresholds));

        var idle = new Stack<SelfScratch>();
        var workers = new List<SelfScratch>();
        SelfScratch Take()
        {
            lock (idle)
                if (idle.Count > 0)
                    return idle.Pop();
            var scratch = new SelfScratch(n, candidateCount, k, 2 * layout.Tolerance);
            lock (workers)
                workers.Add(scratch);
            return scratch;
        }
        void Give(SelfScratch scratch)
        {
            lock (idle)
                idle.Push(scratch);
        }
        var tileCount = layout.TileCount;
        // Near band first (every chunk), then the far tiles, with the same screen lists carried over.
        Parallel.For(0, layout.ChunkCount, options, Take,
            (chunk, _, scratch) =>
            {
                var first = chunk * TilesPerChunk;
                SearchSelfChunk(layout, chunk, scratch, thresholds, first, Math.Min(tileCount, first + NearBandTiles), order);
                return scratch;
            },
            Give);
        Parallel.For(0, layout.ChunkCount, options, Take,
            (chunk, _, scratch) =>
            {
                var first = chunk * TilesPerChunk;
                SearchSelfChunk(layout, chunk, scratch, thresholds, Math.Min(tileCount, first + NearBandTiles), tileCount, order);
                return scratch;
            },
            Give);

        // Exact re-rank in the caller's ids (ties go to the smaller original id).
        var topK = new KnnTopK(n, k);
        Parallel.For(0, layout.ChunkCount, options, chunk => ReRank(points, order, workers, candidateCount, layout.Tolerance, topK,
            chunk * QueryChunk, Math.Min(n, (chunk + 1) * QueryChunk)));
        return topK;
    }

    /// <summary>
    /// Exact distances for the candidates that can still be among the k nearest: those whose
    /// screen value is within twice the screen's error bound of the k-th best screen value over
    /// all workers' lists (any further one is farther, in exact terms, than k others). Usually
    /// about k of the c kept, and one worker's list per point instead of all of them.
    /// </summary>
    /// <param name="slotBase">Write position p's list to topK[p − slotBase] (a one-way search of some positions); null: to topK[order[p]].</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ReRank(RowMatrix points, int[] order, List<SelfScratch> workers, int candidateCount, float tolerance,
        KnnTopK topK, int start, int end, int? slotBase = null)
    {
        var dims = points.Columns;
        var k = topK.K;
        Span<int> next = stackalloc int[workers.Count];
        for (var p = start; p < end; p++)
        {
            // The k-th smallest screen value of the union: a k-step merge of the sorted lists.
            next.Clear();
            var kth = float.PositiveInfinity;
            for (var taken = 0; taken < k; taken++)
            {
                var best = -1;
                var value = float.PositiveInfinity;
                for (var w = 0; w < workers.Count; w++)
                {
                    var at = p - workers[w].Base;
                    if (next[w] < workers[w].Filled[at] && workers[w].Screen[at * candidateCount + next[w]] <= value)
                    {
                        value = workers[w].Screen[at * candidateCount + next[w]];
                        best = w;
                    }
                }
                if (best < 0)
                {
                    kth = float.PositiveInfinity;
                    break;
                }
                next[best]++;
                kth = value;
            }
            var limit = kth + 2 * tolerance;
            var query = order[p];
            var slot = slotBase is { } first ? p - first : query;
            var q = points.Data.AsSpan(query * dims, dims);
            foreach (var worker in workers)
            {
                var at = p - worker.Base;
                for (var j = 0; j < worker.Filled[at] && worker.Screen[at * candidateCount + j] <= limit; j++)
                {
                    var r = worker.Ids[at * candidateCount + j];
                    topK.Offer(slot, ExactSquaredDistance(q, points.Data.AsSpan(r * dims, dims)), r);
                }
            }
        }
    }

    /// <summary>Chunks on either side of a point's own whose pairs seed its threshold.</summary>
    private const int SeedChunksAround = 1;

    /// <summary>
    /// Starts each point's threshold at the k-th best screen value among the points of its own
    /// chunk and the chunks either side (its k-d neighbours), plus twice the screen's error bound:
    /// k points are then nearer, in exact terms, than anything beyond it. Without a seed, every
    /// list takes its first arrivals however far they are.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void SeedThresholds(RowMatrix points, int[] order, SelfLayout layout, int chunk, int k, float[] thresholds)
    {
        const int seedTiles = (2 * SeedChunksAround + 1) * TilesPerChunk;
        const int width = seedTiles * TileWidth;
        var n = layout.Count;
        var dims = layout.Dims;
        var start = chunk * QueryChunk;
        var rows = Math.Min(QueryChunk, n - start);
        var groups = (rows + QueryGroup - 1) / QueryGroup;
        var firstTile = Math.Max(0, (chunk - SeedChunksAround) * TilesPerChunk);
        var endTile = Math.Min(layout.TileCount, (chunk + SeedChunksAround + 1) * TilesPerChunk);
        var others = Math.Min(n, endTile * TileWidth) - firstTile * TileWidth - 1;
        if (others < k)
            return;
        // screen[i * width + j]: ‖r_j‖² − 2 q_i·r_j for reference j of the tiles [firstTile, endTile);
        // +∞ for the point itself, padding lanes (their norm is +∞) and tiles past the end. Any
        // float evaluation will do: its error is within the bound the seed adds.
        var screen = stackalloc float[QueryChunk * width];
        new Span<float>(screen, QueryChunk * width).Fill(float.PositiveInfinity);
        var dots = stackalloc float[QueryGroup * TileWidth];
        var norms = layout.Norms;
        var queries = System.Buffers.ArrayPool<float>.Shared.Rent(QueryChunk * dims);
        Array.Clear(queries, 0, QueryChunk * dims);
        for (var i = 0; i < rows; i++)
            points.Data.AsSpan(order[start + i] * dims, dims).CopyTo(queries.AsSpan(i * dims, dims));
        var minusTwo = Vector512.Create(-2f);
        fixed (float* qBase = queries)
        fixed (float* tBase = layout.Tiles)
        fixed (float* normBase = norms)
        {
            for (var t = firstTile; t < endTile; t++)
            {
                var norm0 = Vector512.Load(normBase + t * TileWidth);
                var norm1 = Vector512.Load(normBase + t * TileWidth + 16);
                for (var g = 0; g < groups; g++)
                {
                    DotKernel(qBase + g * QueryGroup * dims, dims, tBase + (long)t * TileWidth * dims, dots);
                    for (var i = 0; i < QueryGroup; i++)
                    {
                        var target = screen + (g * QueryGroup + i) * width + (t - firstTile) * TileWidth;
                        Vector512.FusedMultiplyAdd(Vector512.Load(dots + i * TileWidth), minusTwo, norm0).Store(target);
                        Vector512.FusedMultiplyAdd(Vector512.Load(dots + i * TileWidth + 16), minusTwo, norm1).Store(target + 16);
                    }
                }
            }
        }
        System.Buffers.ArrayPool<float>.Shared.Return(queries);
        for (var i = 0; i < rows; i++)
        {
            var row = screen + i * width;
            row[start + i - firstTile * TileWidth] = float.PositiveInfinity;
            thresholds[start + i] = CountedBound(row, width, k) + 2 * layout.Tolerance;
        }
    }

    /// <summary>
    /// A value with at least <paramref name="count"/> of the <paramref name="length"/> values (a
    /// multiple of 16; +∞ entries never count) at or below it, within 2⁻¹² of their spread above
    /// the count-th smallest: bisection on the value, each step one vector compare per 16 values.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe float CountedBound(float* values, int length, int count)
    {
        var infinity = Vector512.Create(float.PositiveInfinity);
        var low = infinity;
        var high = -infinity;
        for (var j = 0; j < length; j += 16)
        {
            var v = Vector512.Load(values + j);
            low = Vector512.Min(low, v);
            high = Vector512.Max(high, Vector512.ConditionalSelect(Vector512.Equals(v, infinity), -infinity, v));
        }
        var lowest = float.PositiveInfinity;
        var highest = float.NegativeInfinity;
        for (var lane = 0; lane < 16; lane++)
        {
            lowest = Math.Min(lowest, low[lane]);
            highest = Math.Max(highest, high[lane]);
        }
        // Invariant: at least count values are ≤ highest.
        for (var step = 0; step < 12; step++)
        {
            var middle = lowest + (highest - lowest) * 0.5f;
            if (!(middle < highest))
                break;
            var splat = Vector512.Create(middle);
            var atOrBelow = 0;
            for (var j = 0; j < length; j += 16)
                atOrBelow += BitOperations.PopCount(Vector512.LessThanOrEqual(Vector512.Load(values + j), splat).ExtractMostSignificantBits());
            if (atOrBelow >= count)
                highest = middle;
            else
                lowest = middle;
        }
        return highest;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void SearchSelfChunk(SelfLayout layout, int chunk, SelfScratch s, float[] sharedThresholds,
        int tileFrom, int tileTo, int[] original, bool oneWay = false)
    {
        var n = layout.Count;
        var dims = layout.Dims;
        var start = chunk * QueryChunk;
        var rows = Math.Min(QueryChunk, n - start);
        var groups = (rows + QueryGroup - 1) / QueryGroup;
        var firstOutsideTile = (start + QueryChunk) / TileWidth;
        fixed (float* tBase = layout.Tiles)
        fixed (float* spill = s.Dots)
        fixed (float* thresholds = sharedThresholds)
        fixed (float* normBase = layout.Norms)
        fixed (float* partialBase = layout.PartialNorms)
        fixed (float* restBase = layout.Rest)
        {
            var kernel = new KernelArgs(dims, layout.PartialDims, normBase, thresholds, partialBase, restBase, spill);
            for (var t = tileFrom; t < tileTo; t++)
            {
                var tile = tBase + (long)t * TileWidth * dims;
                var bothWays = !oneWay && t >= firstOutsideTile;
                for (var g = 0; g < groups; g++)
                {
                    var p0 = start + g * QueryGroup;
                    // The group's queries are 8 lanes of the chunk's own tiles: q_i[d] at [d·32 + i].
                    var queries = tBase + (long)(start + g * QueryGroup) / TileWidth * TileWidth * dims + (start + g * QueryGroup) % TileWidth;
                    var flagged = ScreenGroup(queries, tile, t * TileWidth, p0,
                        Math.Min(QueryGroup, rows - g * QueryGroup), bothWays, kernel);
                    while (flagged != 0)
                    {
                        var i = BitOperations.TrailingZeroCount(flagged);
                        flagged &= flagged - 1;
                        InsertFlagged(s, spill + i * TileWidth, normBase, thresholds, t * TileWidth, p0 + i, bothWays, original, n);
                    }
                }
            }
        }
    }

    /// <summary>The self-search kernel's fixed operands (pointers into the pinned layout and thresholds).</summary>
    private readonly unsafe struct KernelArgs(int dims, int partialDims, float* norms, float* thresholds, float* partialNorms, float* rest, float* spill)
    {
        public readonly int Dims = dims;
        public readonly int PartialDims = partialDims;
        public readonly float* Norms = norms;
        public readonly float* Thresholds = thresholds;
        public readonly float* PartialNorms = partialNorms;
        public readonly float* Rest = rest;
        public readonly float* Spill = spill;
    }

    /// <summary>
    /// The self-search's inner kernel: P = q·r for 8 queries (8 lanes of the chunk's own tiles,
    /// so the queries need no copy of their own) against one tile of 32 references, in 16
    /// Vector512 accumulators; then, still in registers, each query row is tested for any pair
    /// whose screen value ‖r‖² − 2P (one FMA) reaches the query's own threshold or, on tiles
    /// screened both ways, whose ‖q‖² − 2P reaches the reference's. Only the rows that pass (rare
    /// once thresholds settle) are spilled, so the products never make a round trip through
    /// memory on the common path. Bit i of the result: row i was spilled.
    /// <para>
    /// Half-way, after the leading (high-variance) <see cref="SelfLayout.PartialDims"/>
    /// coordinates, the partial squared distances are a lower bound on the whole ones; when no
    /// pair's bound reaches either threshold (<see cref="MayPass"/>), the block is dropped without
    /// the remaining coordinates. Points in PCA coordinates carry most of their spread in the
    /// leading ones, so far blocks mostly end there.
    /// </para>
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe uint ScreenGroup(float* q, float* tile, int tileStart, int p0, int groupRows, bool bothWays, in KernelArgs a)
    {
        var dims = a.Dims;
        var partialDims = a.PartialDims;
        Vector512<float> a00 = default, a01 = default, a10 = default, a11 = default;
        Vector512<float> a20 = default, a21 = default, a30 = default, a31 = default;
        Vector512<float> a40 = default, a41 = default, a50 = default, a51 = default;
        Vector512<float> a60 = default, a61 = default, a70 = default, a71 = default;
        for (var d = 0; d < dims; d++)
        {
            var qd = q + d * TileWidth;
            if (d == partialDims && !MayPass(a00, a01, a10, a11, a20, a21, a30, a31, a40, a41, a50, a51, a60, a61, a70, a71,
                    tileStart, p0, groupRows, bothWays, a))
                return 0;
            var t0 = Vector512.Load(tile + d * TileWidth);
            var t1 = Vector512.Load(tile + d * TileWidth + 16);
            var b = Vector512.Create(qd[0]);
            a00 = Vector512.FusedMultiplyAdd(t0, b, a00);
            a01 = Vector512.FusedMultiplyAdd(t1, b, a01);
            b = Vector512.Create(qd[1]);
            a10 = Vector512.FusedMultiplyAdd(t0, b, a10);
            a11 = Vector512.FusedMultiplyAdd(t1, b, a11);
            b = Vector512.Create(qd[2]);
            a20 = Vector512.FusedMultiplyAdd(t0, b, a20);
            a21 = Vector512.FusedMultiplyAdd(t1, b, a21);
            b = Vector512.Create(qd[3]);
            a30 = Vector512.FusedMultiplyAdd(t0, b, a30);
            a31 = Vector512.FusedMultiplyAdd(t1, b, a31);
            b = Vector512.Create(qd[4]);
            a40 = Vector512.FusedMultiplyAdd(t0, b, a40);
            a41 = Vector512.FusedMultiplyAdd(t1, b, a41);
            b = Vector512.Create(qd[5]);
            a50 = Vector512.FusedMultiplyAdd(t0, b, a50);
            a51 = Vector512.FusedMultiplyAdd(t1, b, a51);
            b = Vector512.Create(qd[6]);
            a60 = Vector512.FusedMultiplyAdd(t0, b, a60);
            a61 = Vector512.FusedMultiplyAdd(t1, b, a61);
            b = Vector512.Create(qd[7]);
            a70 = Vector512.FusedMultiplyAdd(t0, b, a70);
            a71 = Vector512.FusedMultiplyAdd(t1, b, a71);
        }
        var norms = a.Norms;
        var thresholds = a.Thresholds;
        var spill = a.Spill;
        var nr0 = Vector512.Load(norms + tileStart);
        var nr1 = Vector512.Load(norms + tileStart + 16);
        // A tile screened one way only takes no reverse candidates: −∞ thresholds pass nothing.
        var tr0 = bothWays ? Vector512.Load(thresholds + tileStart) : Vector512.Create(float.NegativeInfinity);
        var tr1 = bothWays ? Vector512.Load(thresholds + tileStart + 16) : Vector512.Create(float.NegativeInfinity);
        uint flagged = 0;
        flagged |= Flag(a00, a01, 0, p0, groupRows, nr0, nr1, tr0, tr1, norms, thresholds, spill);
        flagged |= Flag(a10, a11, 1, p0, groupRows, nr0, nr1, tr0, tr1, norms, thresholds, spill);
        flagged |= Flag(a20, a21, 2, p0, groupRows, nr0, nr1, tr0, tr1, norms, thresholds, spill);
        flagged |= Flag(a30, a31, 3, p0, groupRows, nr0, nr1, tr0, tr1, norms, thresholds, spill);
        flagged |= Flag(a40, a41, 4, p0, groupRows, nr0, nr1, tr0, tr1, norms, thresholds, spill);
        flagged |= Flag(a50, a51, 5, p0, groupRows, nr0, nr1, tr0, tr1, norms, thresholds, spill);
        flagged |= Flag(a60, a61, 6, p0, groupRows, nr0, nr1, tr0, tr1, norms, thresholds, spill);
        flagged |= Flag(a70, a71, 7, p0, groupRows, nr0, nr1, tr0, tr1, norms, thresholds, spill);
        return flagged;
    }

    /// <summary>
    /// Whether any pair of the block might still pass, from the products over the leading
    /// coordinates only. Their partial squared distance pq + pr − 2P (pq, pr: partial squared
    /// norms) is at most the whole squared distance ‖q‖² + ‖r‖² − 2P_whole, and a pair passes the
    /// query's screen only if that is at most threshold_q + ‖q‖² (and likewise for the reference).
    /// So the test is pr − 2P ≤ threshold_q + Rest_q (Rest = ‖p‖² − partial + the screen's error
    /// bound, <see cref="SelfLayout.Tolerance"/>): a block that fails it for all pairs both ways
    /// holds no pair the whole screen would let through.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe bool MayPass(Vector512<float> a00, Vector512<float> a01, Vector512<float> a10, Vector512<float> a11,
        Vector512<float> a20, Vector512<float> a21, Vector512<float> a30, Vector512<float> a31,
        Vector512<float> a40, Vector512<float> a41, Vector512<float> a50, Vector512<float> a51,
        Vector512<float> a60, Vector512<float> a61, Vector512<float> a70, Vector512<float> a71,
        int tileStart, int p0, int groupRows, bool bothWays, in KernelArgs a)
    {
        var pr0 = Vector512.Load(a.PartialNorms + tileStart);
        var pr1 = Vector512.Load(a.PartialNorms + tileStart + 16);
        var rr0 = bothWays ? Vector512.Load(a.Thresholds + tileStart) + Vector512.Load(a.Rest + tileStart) : Vector512.Create(float.NegativeInfinity);
        var rr1 = bothWays ? Vector512.Load(a.Thresholds + tileStart + 16) + Vector512.Load(a.Rest + tileStart + 16) : Vector512.Create(float.NegativeInfinity);
        var pass = Reaches(a00, a01, 0, p0, groupRows, pr0, pr1, rr0, rr1, a)
                   | Reaches(a10, a11, 1, p0, groupRows, pr0, pr1, rr0, rr1, a)
                   | Reaches(a20, a21, 2, p0, groupRows, pr0, pr1, rr0, rr1, a)
                   | Reaches(a30, a31, 3, p0, groupRows, pr0, pr1, rr0, rr1, a)
                   | Reaches(a40, a41, 4, p0, groupRows, pr0, pr1, rr0, rr1, a)
                   | Reaches(a50, a51, 5, p0, groupRows, pr0, pr1, rr0, rr1, a)
                   | Reaches(a60, a61, 6, p0, groupRows, pr0, pr1, rr0, rr1, a)
                   | Reaches(a70, a71, 7, p0, groupRows, pr0, pr1, rr0, rr1, a);
        return pass != Vector512<float>.Zero;
    }

    /// <summary>Lanes of one query row whose partial bound reaches the query's or the reference's threshold.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector512<float> Reaches(Vector512<float> p0v, Vector512<float> p1v, int i, int p0, int groupRows,
        Vector512<float> pr0, Vector512<float> pr1, Vector512<float> rr0, Vector512<float> rr1, in KernelArgs a)
    {
        if (i >= groupRows)
            return Vector512<float>.Zero;
        var reach = Vector512.Create(a.Thresholds[p0 + i] + a.Rest[p0 + i]);
        var pq = Vector512.Create(a.PartialNorms[p0 + i]);
        var minusTwo = Vector512.Create(-2f);
        return Vector512.LessThanOrEqual(Vector512.FusedMultiplyAdd(p0v, minusTwo, pr0), reach)
               | Vector512.LessThanOrEqual(Vector512.FusedMultiplyAdd(p1v, minusTwo, pr1), reach)
               | Vector512.LessThanOrEqual(Vector512.FusedMultiplyAdd(p0v, minusTwo, pq), rr0)
               | Vector512.LessThanOrEqual(Vector512.FusedMultiplyAdd(p1v, minusTwo, pq), rr1);
    }

    /// <summary>Tests one query row of the kernel in registers; spills it and returns its bit if any pair passes either threshold.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe uint Flag(Vector512<float> p0v, Vector512<float> p1v, int i, int p0, int groupRows,
        Vector512<float> nr0, Vector512<float> nr1, Vector512<float> tr0, Vector512<float> tr1, float* norms, float* thresholds, float* spill)
    {
        if (i >= groupRows)
            return 0;
        var nq = Vector512.Create(norms[p0 + i]);
        var tq = Vector512.Create(thresholds[p0 + i]);
        // ≤, not <: an exact tie with the k-th may still win on id (Before).
        var minusTwo = Vector512.Create(-2f);
        var pass = Vector512.LessThanOrEqual(Vector512.FusedMultiplyAdd(p0v, minusTwo, nr0), tq)
                   | Vector512.LessThanOrEqual(Vector512.FusedMultiplyAdd(p1v, minusTwo, nr1), tq)
                   | Vector512.LessThanOrEqual(Vector512.FusedMultiplyAdd(p0v, minusTwo, nq), tr0)
                   | Vector512.LessThanOrEqual(Vector512.FusedMultiplyAdd(p1v, minusTwo, nq), tr1);
        if (pass == Vector512<float>.Zero)
            return 0;
        p0v.Store(spill + i * TileWidth);
        p1v.Store(spill + i * TileWidth + 16);
        return 1u << i;
    }

    /// <summary>
    /// The rare path: a spilled row's pairs that reach the current thresholds become candidates,
    /// both ways where asked. Lists are indexed by position in the spatial order but hold the
    /// caller's ids (<paramref name="original"/>), which break exact ties.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void InsertFlagged(SelfScratch s, float* row, float* norms, float* thresholds, int tileStart, int p, bool bothWays,
        int[] original, int n)
    {
        var bits = ScreenBits(row, norms + tileStart, thresholds[p]);
        while (bits != 0)
        {
            var lane = BitOperations.TrailingZeroCount(bits);
            bits &= bits - 1;
            var r = tileStart + lane;
            if (r != p && r < n)
                InsertSelfCandidate(s, thresholds, p, MathF.FusedMultiplyAdd(row[lane], -2f, norms[r]), original[r]);
        }
        if (!bothWays)
            return;
        bits = ReverseScreenBits(row, norms[p], thresholds + tileStart);
        while (bits != 0)
        {
            var lane = BitOperations.TrailingZeroCount(bits);
            bits &= bits - 1;
            InsertSelfCandidate(s, thresholds, tileStart + lane, MathF.FusedMultiplyAdd(row[lane], -2f, norms[p]), original[p]);
        }
    }

    /// <summary>
    /// Keeps one worker's best candidates for point <paramref name="p"/> sorted by (screen value,
    /// id), and lowers the shared threshold to what the list now proves: nothing beyond its k-th
    /// screen value plus twice the screen's error bound can be among the k nearest (k listed points
    /// are nearer in exact terms), and nothing beyond a full list's c-th can be among the c best by
    /// the screen. The first is usually the smaller: the 10th neighbour's distance, not the 18th.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void InsertSelfCandidate(SelfScratch s, float* thresholds, int p, float screen, int id)
    {
        var c = s.Candidates;
        var baseIndex = (p - s.Base) * c;
        var filled = InsertSorted(s.Screen, s.Ids, baseIndex, c, ref s.Filled[p - s.Base], screen, id);
        if (filled < s.K)
            return;
        var bound = s.Screen[baseIndex + s.K - 1] + s.Slack;
        if (filled == c)
            bound = Math.Min(bound, s.Screen[baseIndex + c - 1]);
        if (bound < thresholds[p])
            thresholds[p] = bound;
    }

    /// <summary>Bit j set where ‖q‖² − 2 P_j (P = q·r) reaches r_j's own threshold (≤) (q as r_j's candidate).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe ulong ReverseScreenBits(float* products, float queryNorm, float* thresholds)
    {
        var norm = Vector512.Create(queryNorm);
        var minusTwo = Vector512.Create(-2f);
        return Vector512.LessThanOrEqual(Vector512.FusedMultiplyAdd(Vector512.Load(products), minusTwo, norm), Vector512.Load(thresholds)).ExtractMostSignificantBits()
               | (Vector512.LessThanOrEqual(Vector512.FusedMultiplyAdd(Vector512.Load(products + 16), minusTwo, norm), Vector512.Load(thresholds + 16)).ExtractMostSignificantBits() << 16);
    }

    /// <summary>Bit j set where ‖r_j‖² − 2 P_j (P = q·r) reaches the query's threshold (≤).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe ulong ScreenBits(float* products, float* norms, float threshold)
    {
        var thr = Vector512.Create(threshold);
        var minusTwo = Vector512.Create(-2f);
        return Vector512.LessThanOrEqual(Vector512.FusedMultiplyAdd(Vector512.Load(products), minusTwo, Vector512.Load(norms)), thr).ExtractMostSignificantBits()
               | (Vector512.LessThanOrEqual(Vector512.FusedMultiplyAdd(Vector512.Load(products + 16), minusTwo, Vector512.Load(norms + 16)), thr).ExtractMostSignificantBits() << 16);
    }

    /// <summary>
    /// One worker's screen lists for <paramref name="points"/> points from k-d position <paramref name="firstPosition"/>
    /// (all points for the self-search; one chunk's for a one-way search).
    /// </summary>
    private sealed class SelfScratch(int points, int candidates, int k, float slack, int firstPosition = 0)
    {
        public readonly int K = k;

        /// <summary>The k-d position of list 0.</summary>
        public readonly int Base = firstPosition;

        /// <summary>Twice the screen's error bound (<see cref="SelfLayout.Tolerance"/>).</summary>
        public readonly float Slack = slack;

        public readonly float[] Screen = new float[points * candidates];
        public readonly int[] Ids = new int[points * candidates];
        public readonly int[] Filled = new int[points];
        public readonly float[] Dots = new float[QueryGroup * TileWidth];
        public readonly int Candidates = candidates;
    }
}
