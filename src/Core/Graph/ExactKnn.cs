using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using GalaxyActors.Core.Linalg;

namespace GalaxyActors.Core.Graph;

/// <summary>
/// Exact k-nearest-neighbour search (squared Euclidean distance), one block of queries against one
/// block of references at a time, so a slice can search all N points block by block and merge.
/// Candidates are screened with the GEMM form ‖r‖² − 2 q·r in float32 (a register-blocked FMA kernel
/// over transposed reference tiles), then the survivors are re-ranked with exact differences in
/// double: the GEMM form loses precision on near-ties, the re-rank makes the answer exact.
/// </summary>
public static partial class ExactKnn
{
    /// <summary>References per transposed tile: two Vector512 or four Vector256 lanes of floats.</summary>
    private const int TileWidth = 32;

    /// <summary>Queries handled together by one worker (their candidate lists stay in cache).</summary>
    private const int QueryChunk = 64;

    /// <summary>Queries sharing one pass over a tile in the kernel (8 × 32 accumulators in registers).</summary>
    private const int QueryGroup = 8;

    /// <summary>
    /// Extra candidates kept per query beyond k by the float32 screen, so a true neighbour that the
    /// screen's rounding pushes just past the k-th place still reaches the exact re-rank.
    /// </summary>
    private static int ScreenMargin(int k) => Math.Max(8, k / 2);

    /// <summary>
    /// Searches <paramref name="queryCount"/> query rows (global ids from <paramref name="queryOffset"/>)
    /// against <paramref name="referenceCount"/> reference rows (global ids from
    /// <paramref name="referenceOffset"/>), both row-major with <paramref name="dims"/> columns, and
    /// merges the k nearest found into <paramref name="into"/> (exact squared distances, ties by smaller
    /// id). With <paramref name="excludeSelf"/>, a reference with the query's own global id is skipped.
    /// Parallel over query chunks; each query's list is written by one worker, so the result is
    /// deterministic.
    /// </summary>
    public static void SearchBlock(ReadOnlySpan<float> queries, int queryCount, int queryOffset,
        ReadOnlySpan<float> reference, int referenceCount, int referenceOffset, int dims, int k,
        bool excludeSelf, KnnTopK into)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dims, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(queryCount);
        ArgumentOutOfRangeException.ThrowIfNegative(referenceCount);
        if (queries.Length < (long)queryCount * dims)
            throw new ArgumentException($"{queryCount} queries of {dims} values need {queryCount * dims} floats, got {queries.Length}.", nameof(queries));
        if (reference.Length < (long)referenceCount * dims)
            throw new ArgumentException($"{referenceCount} references of {dims} values need {referenceCount * dims} floats, got {reference.Length}.", nameof(reference));
        if (into.QueryCount != queryCount || into.K != k)
            throw new ArgumentException($"The result holds {into.QueryCount}×{into.K} lists, the search is {queryCount}×{k}.", nameof(into));
        if (queryCount == 0 || referenceCount == 0)
            return;

        var tiles = TransposeIntoTiles(reference, referenceCount, dims, out var norms);
        // Spans cannot enter a lambda: the queries are copied once into a padded array instead
        // (a chunk's rows must also be padded to a whole number of kernel groups).
        var chunkCount = (queryCount + QueryChunk - 1) / QueryChunk;
        var paddedQueries = new float[chunkCount * QueryChunk * dims];
        queries[..(queryCount * dims)].CopyTo(paddedQueries);
        var referenceRows = reference[..(referenceCount * dims)].ToArray();
        var candidateCount = Math.Min(k + ScreenMargin(k), referenceCount);

        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };
        Parallel.For(0, chunkCount, options,
            () => new ChunkScratch(QueryChunk, candidateCount),
            (chunk, _, scratch) =>
            {
                SearchChunk(paddedQueries, chunk * QueryChunk, Math.Min(QueryChunk, queryCount - chunk * QueryChunk),
                    queryOffset, tiles, norms, referenceRows, referenceCount, referenceOffset, dims, excludeSelf, scratch, into);
                return scratch;
            },
            _ => { });
    }

    /// <summary>
    /// The k nearest neighbours of every row among all rows (itself excluded), through the same block
    /// path a distributed search uses. Ids sorted nearest first (ties by smaller id).
    /// </summary>
    public static KnnResult Search(RowMatrix points, int k)
    {
        CheckNeighbourCount(points.Rows, k);
        if (!Vector512.IsHardwareAccelerated)
        {
            // The self-search kernel is written for AVX-512; elsewhere the block path (with its
            // Vector256 kernel) gives the same exact answer at twice the arithmetic.
            var topK = new KnnTopK(points.Rows, k);
            SearchBlock(points.Data, points.Rows, 0, points.Data, points.Rows, 0, points.Columns, k, excludeSelf: true, topK);
            return KnnResult.From(topK);
        }
        return KnnResult.From(SearchSelf(points, k));
    }

    /// <summary>Every one of <paramref name="points"/> points can have <paramref name="k"/> neighbours other than itself.</summary>
    private static void CheckNeighbourCount(int points, int k)
    {
        if (k < 1)
            throw new InvalidInputException($"n_neighbors must be at least 1, got {k}.");
        if (points <= k)
            throw new InvalidInputException(
                $"kNN graph: {points} points cannot each have {k} neighbours other than themselves (need more than {k} points; lower --neighbors).");
    }

    private sealed class ChunkScratch(int queries, int candidates)
    {
        public readonly float[] Screen = new float[queries * candidates];
        public readonly int[] Ids = new int[queries * candidates];
        public readonly int[] Filled = new int[queries];
        public readonly float[] Threshold = new float[queries];
        public readonly float[] Dots = new float[QueryGroup * TileWidth];
        public readonly int Candidates = candidates;
    }

    /// <summary>Reference rows as tiles of 32 columns-of-references: tile[d * 32 + j] = row j's value d.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float[] TransposeIntoTiles(ReadOnlySpan<float> reference, int count, int dims, out float[] norms)
    {
        var tileCount = (count + TileWidth - 1) / TileWidth;
        var tiles = new float[tileCount * TileWidth * dims];
        norms = new float[tileCount * TileWidth];
        for (var r = 0; r < count; r++)
        {
            var row = reference.Slice(r * dims, dims);
            var tileBase = r / TileWidth * TileWidth * dims;
            var lane = r % TileWidth;
            double norm = 0;
            for (var d = 0; d < dims; d++)
            {
                tiles[tileBase + d * TileWidth + lane] = row[d];
                norm += (double)row[d] * row[d];
            }
            norms[r] = (float)norm;
        }
        // Padding lanes can never pass the screen.
        for (var r = count; r < norms.Length; r++)
            norms[r] = float.PositiveInfinity;
        return tiles;
    }

    /// <param name="reportedIds">The id each reference row is reported (and its ties broken) by; null: its index + referenceOffset.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void SearchChunk(float[] queries, int chunkStart, int chunkRows, int queryOffset,
        float[] tiles, float[] norms, float[] referenceRows, int referenceCount, int referenceOffset, int dims,
        bool excludeSelf, ChunkScratch s, KnnTopK into, int[]? reportedIds = null)
    {
        var c = s.Candidates;
        Array.Fill(s.Filled, 0);
        Array.Fill(s.Threshold, float.PositiveInfinity);
        var tileCount = norms.Length / TileWidth;
        var groups = (chunkRows + QueryGroup - 1) / QueryGroup;
        fixed (float* qBase = &queries[chunkStart * dims])
        fixed (float* tBase = tiles)
        fixed (float* dots = s.Dots)
        {
            for (var t = 0; t < tileCount; t++)
            {
                var tile = tBase + (long)t * TileWidth * dims;
                for (var g = 0; g < groups; g++)
                {
                    DotKernel(qBase + g * QueryGroup * dims, dims, tile, dots);
                    var rows = Math.Min(QueryGroup, chunkRows - g * QueryGroup);
                    for (var i = 0; i < rows; i++)
                    {
                        var local = g * QueryGroup + i;
                        var bits = ScreenBits(dots + i * TileWidth, norms, t * TileWidth, s.Threshold[local]);
                        while (bits != 0)
                        {
                            var lane = BitOperations.TrailingZeroCount(bits);
                            bits &= bits - 1;
                            var r = t * TileWidth + lane;
                            if (excludeSelf && r + referenceOffset == local + chunkStart + queryOffset)
                                continue;
                            InsertCandidate(s, local, norms[r] - 2f * dots[i * TileWidth + lane], r);
                        }
                    }
                }
            }
        }

        // Exact re-rank: the screen's survivors get their distance from exact differences in double.
        for (var local = 0; local < chunkRows; local++)
        {
            var q = queries.AsSpan((chunkStart + local) * dims, dims);
            var query = chunkStart + local;
            for (var j = 0; j < s.Filled[local]; j++)
            {
                var r = s.Ids[local * c + j];
                into.Offer(query, ExactSquaredDistance(q, referenceRows.AsSpan(r * dims, dims)), reportedIds?[r] ?? r + referenceOffset);
            }
        }
    }

    /// <summary>
    /// Squared distance summed in double in a fixed order, so every node gets the same bits:
    /// components in groups of 4 (Vector256 of double), alternating between two accumulators so
    /// the adds do not wait on each other, the lanes then added in a fixed order, then any tail.
    /// A scalar sum was one long dependency chain, and the re-rank computes ~36 of these per point.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double ExactSquaredDistance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var length = a.Length;
        ref var pa = ref MemoryMarshal.GetReference(a);
        ref var pb = ref MemoryMarshal.GetReference(b);
        var even = Vector256<double>.Zero;
        var odd = Vector256<double>.Zero;
        var j = 0;
        for (; j + 8 <= length; j += 8)
        {
            var d0 = Vector256.WidenLower(Vector256.LoadUnsafe(ref pa, (nuint)j)) - Vector256.WidenLower(Vector256.LoadUnsafe(ref pb, (nuint)j));
            var d1 = Vector256.WidenUpper(Vector256.LoadUnsafe(ref pa, (nuint)j)) - Vector256.WidenUpper(Vector256.LoadUnsafe(ref pb, (nuint)j));
            even = Vector256.FusedMultiplyAdd(d0, d0, even);
            odd = Vector256.FusedMultiplyAdd(d1, d1, odd);
        }
        var lanes = even + odd;
        var sum = lanes.GetElement(0) + lanes.GetElement(1) + (lanes.GetElement(2) + lanes.GetElement(3));
        for (; j < length; j++)
        {
            double diff = (double)Unsafe.Add(ref pa, j) - Unsafe.Add(ref pb, j);
            sum += diff * diff;
        }
        return sum;
    }

    /// <summary>Keeps the screen's best candidates for one query sorted by (screen value, id).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void InsertCandidate(ChunkScratch s, int local, float screen, int id)
    {
        var c = s.Candidates;
        if (InsertSorted(s.Screen, s.Ids, local * c, c, ref s.Filled[local], screen, id) == c)
            s.Threshold[local] = s.Screen[local * c + c - 1];
    }

    /// <summary>
    /// Inserts (screen, id) into the list of at most <paramref name="capacity"/> candidates at
    /// <paramref name="baseIndex"/>, kept sorted by (screen value, id); a full list drops its last.
    /// </summary>
    /// <returns>The list's length afterwards, or −1 when the candidate did not make a full list.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int InsertSorted(float[] screens, int[] ids, int baseIndex, int capacity, ref int filled, float screen, int id)
    {
        var slot = filled < capacity ? filled : capacity - 1;
        if (filled == capacity && !Before(screen, id, screens[baseIndex + capacity - 1], ids[baseIndex + capacity - 1]))
            return -1;
        while (slot > 0 && Before(screen, id, screens[baseIndex + slot - 1], ids[baseIndex + slot - 1]))
        {
            screens[baseIndex + slot] = screens[baseIndex + slot - 1];
            ids[baseIndex + slot] = ids[baseIndex + slot - 1];
            slot--;
        }
        screens[baseIndex + slot] = screen;
        ids[baseIndex + slot] = id;
        if (filled < capacity)
            filled++;
        return filled;
    }

    /// <summary>
    /// The screen lists' order: smaller value, then the smaller id. Exact ties (e.g. points on a
    /// grid, where the float screen is exact too) then keep the ids the final answer prefers,
    /// whatever order the candidates arrive in.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Before(float screen, int id, float otherScreen, int otherId) =>
        screen < otherScreen || (screen == otherScreen && id < otherId);

    /// <summary>Bit j set where ‖r_j‖² − 2 q·r_j is below the query's current threshold.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe ulong ScreenBits(float* dots, float[] norms, int normStart, float threshold)
    {
        fixed (float* n = &norms[normStart])
        {
            if (Vector512.IsHardwareAccelerated)
            {
                var thr = Vector512.Create(threshold);
                var two = Vector512.Create(2f);
                var v0 = Vector512.FusedMultiplyAdd(-two, Vector512.Load(dots), Vector512.Load(n));
                var v1 = Vector512.FusedMultiplyAdd(-two, Vector512.Load(dots + 16), Vector512.Load(n + 16));
                return Vector512.LessThan(v0, thr).ExtractMostSignificantBits()
                       | (Vector512.LessThan(v1, thr).ExtractMostSignificantBits() << 16);
            }
            ulong bits = 0;
            for (var j = 0; j < TileWidth; j++)
                if (n[j] - 2f * dots[j] < threshold)
                    bits |= 1UL << j;
            return bits;
        }
    }

    /// <summary>
    /// dots[i * 32 + j] = q_i · r_j for 8 queries (rows of <paramref name="q"/>) and one transposed tile
    /// of 32 references: 16 Vector512 accumulators stay in registers across all dims, so each tile
    /// load feeds 8 FMAs. Without AVX-512, two passes of 4 queries × 4 Vector256.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void DotKernel(float* q, int dims, float* tile, float* dots)
    {
        if (!Vector512.IsHardwareAccelerated)
        {
            DotKernel256(q, dims, tile, dots);
            DotKernel256(q + 4 * dims, dims, tile, dots + 4 * TileWidth);
            return;
        }
        float* q0 = q, q1 = q + dims, q2 = q + 2 * dims, q3 = q + 3 * dims;
        float* q4 = q + 4 * dims, q5 = q + 5 * dims, q6 = q + 6 * dims, q7 = q + 7 * dims;
        Vector512<float> a00 = default, a01 = default, a10 = default, a11 = default;
        Vector512<float> a20 = default, a21 = default, a30 = default, a31 = default;
        Vector512<float> a40 = default, a41 = default, a50 = default, a51 = default;
        Vector512<float> a60 = default, a61 = default, a70 = default, a71 = default;
        for (var d = 0; d < dims; d++)
        {
            var t0 = Vector512.Load(tile + d * TileWidth);
            var t1 = Vector512.Load(tile + d * TileWidth + 16);
            var b = Vector512.Create(q0[d]);
            a00 = Vector512.FusedMultiplyAdd(t0, b, a00);
            a01 = Vector512.FusedMultiplyAdd(t1, b, a01);
            b = Vector512.Create(q1[d]);
            a10 = Vector512.FusedMultiplyAdd(t0, b, a10);
            a11 = Vector512.FusedMultiplyAdd(t1, b, a11);
            b = Vector512.Create(q2[d]);
            a20 = Vector512.FusedMultiplyAdd(t0, b, a20);
            a21 = Vector512.FusedMultiplyAdd(t1, b, a21);
            b = Vector512.Create(q3[d]);
            a30 = Vector512.FusedMultiplyAdd(t0, b, a30);
            a31 = Vector512.FusedMultiplyAdd(t1, b, a31);
            b = Vector512.Create(q4[d]);
            a40 = Vector512.FusedMultiplyAdd(t0, b, a40);
            a41 = Vector512.FusedMultiplyAdd(t1, b, a41);
            b = Vector512.Create(q5[d]);
            a50 = Vector512.FusedMultiplyAdd(t0, b, a50);
            a51 = Vector512.FusedMultiplyAdd(t1, b, a51);
            b = Vector512.Create(q6[d]);
            a60 = Vector512.FusedMultiplyAdd(t0, b, a60);
            a61 = Vector512.FusedMultiplyAdd(t1, b, a61);
            b = Vector512.Create(q7[d]);
            a70 = Vector512.FusedMultiplyAdd(t0, b, a70);
            a71 = Vector512.FusedMultiplyAdd(t1, b, a71);
        }
        a00.Store(dots); a01.Store(dots + 16);
        a10.Store(dots + 32); a11.Store(dots + 48);
        a20.Store(dots + 64); a21.Store(dots + 80);
        a30.Store(dots + 96); a31.Store(dots + 112);
        a40.Store(dots + 128); a41.Store(dots + 144);
        a50.Store(dots + 160); a51.Store(dots + 176);
        a60.Store(dots + 192); a61.Store(dots + 208);
        a70.Store(dots + 224); a71.Store(dots + 240);
    }

    /// <summary>4 queries × 32 references with Vector256 (16 accumulators: all of AVX2's registers' worth).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void DotKernel256(float* q, int dims, float* tile, float* dots)
    {
        float* q0 = q, q1 = q + dims, q2 = q + 2 * dims, q3 = q + 3 * dims;
        for (var half = 0; half < TileWidth; half += 16)
        {
            Vector256<float> a00 = default, a01 = default, a10 = default, a11 = default;
            Vector256<float> a20 = default, a21 = default, a30 = default, a31 = default;
            for (var d = 0; d < dims; d++)
            {
                var t0 = Vector256.Load(tile + d * TileWidth + half);
                var t1 = Vector256.Load(tile + d * TileWidth + half + 8);
                var b = Vector256.Create(q0[d]);
                a00 = Vector256.FusedMultiplyAdd(t0, b, a00);
                a01 = Vector256.FusedMultiplyAdd(t1, b, a01);
                b = Vector256.Create(q1[d]);
                a10 = Vector256.FusedMultiplyAdd(t0, b, a10);
                a11 = Vector256.FusedMultiplyAdd(t1, b, a11);
                b = Vector256.Create(q2[d]);
                a20 = Vector256.FusedMultiplyAdd(t0, b, a20);
                a21 = Vector256.FusedMultiplyAdd(t1, b, a21);
                b = Vector256.Create(q3[d]);
                a30 = Vector256.FusedMultiplyAdd(t0, b, a30);
                a31 = Vector256.FusedMultiplyAdd(t1, b, a31);
            }
            a00.Store(dots + half); a01.Store(dots + half + 8);
            a10.Store(dots + 32 + half); a11.Store(dots + 40 + half);
            a20.Store(dots + 64 + half); a21.Store(dots + 72 + half);
            a30.Store(dots + 96 + half); a31.Store(dots + 104 + half);
        }
    }
}
