using System.Buffers;
using System.Runtime.Intrinsics;
using GalaxyActors.Core.Linalg;

namespace GalaxyActors.Core.Graph;

public static partial class ExactKnn
{
    /// <summary>
    /// All points laid out once for the exact kNN search of any share of them: a worker node's copy of a job's reduced
    /// points, which every slice it hosts searches a share of. Points are taken in k-d order (<see cref="KdOrder"/>) and a
    /// share is a run of k-d positions, so a share's points are neighbours of each other and meet their likely
    /// neighbours first. With AVX-512 the search is the self-search's, one way: thresholds seeded from k-d neighbours
    /// (<see cref="SeedThresholds"/>), the near band of tiles on both sides first, then the rest, with the kernel's
    /// early exit on the leading coordinates; elsewhere the block kernel over tiles in k-d order. Either way each
    /// point's list is re-ranked exactly, ties by smaller row, so any split of the positions gives the library's graph
    /// (<see cref="Search"/>). Immutable once built: shares may be searched on several threads at once.
    /// </summary>
    public sealed class Reference
    {
        private readonly RowMatrix _points;
        private readonly int[] _order;
        private readonly SelfLayout? _layout;

        // Without AVX-512: the points in k-d order, as rows and as the block kernel's tiles.
        private readonly float[]? _orderedRows;
        private readonly float[]? _tiles;
        private readonly float[]? _norms;

        private Reference(RowMatrix points)
        {
            _points = points;
            _order = KdOrder.Of(points, TileWidth);
            if (Vector512.IsHardwareAccelerated)
            {
                _layout = new SelfLayout(points, _order);
                return;
            }
            var dims = points.Columns;
            _orderedRows = new float[points.Rows * dims];
            for (var p = 0; p < points.Rows; p++)
                points.Row(_order[p]).CopyTo(_orderedRows.AsSpan(p * dims, dims));
            _tiles = TransposeIntoTiles(_orderedRows, points.Rows, dims, out var norms);
            _norms = norms;
        }

        /// <summary>Lays out <paramref name="points"/> (read, not copied: they must not change while the reference is in use).</summary>
        public static Reference Over(RowMatrix points) => new(points);

        public int Count => _points.Rows;
        public int Dims => _points.Columns;

        /// <summary>
        /// Share <paramref name="index"/> of <paramref name="shares"/>: a run of k-d positions, whole chunks of the
        /// kernel (so no chunk is split between two searches), the shares together covering all <paramref name="count"/>.
        /// </summary>
        public static (int First, int Count) Share(int index, int shares, int count)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(shares, 1);
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, shares);
            var chunks = (count + QueryChunk - 1) / QueryChunk;
            var first = (int)((long)chunks * index / shares) * QueryChunk;
            var end = Math.Min(count, (int)((long)chunks * (index + 1) / shares) * QueryChunk);
            return (Math.Min(first, count), Math.Max(0, end - first));
        }

        /// <summary>
        /// The <paramref name="k"/> nearest points (itself excluded) of each point at k-d positions
        /// [<paramref name="first"/>, + <paramref name="count"/>): list i is that of row <paramref name="rows"/>[i], ids
        /// are rows, exact squared distances, nearest first, ties by smaller row.
        /// </summary>
        public KnnTopK SearchPositions(int first, int count, int k, out int[] rows)
        {
            CheckNeighbourCount(Count, k);
            if (first < 0 || count < 0 || first > Count - count)
                throw new ArgumentOutOfRangeException(nameof(first), $"positions {first}..{first + count} outside the {Count} points");
            if (first % QueryChunk != 0 && count > 0)
                throw new ArgumentException($"A share starts at a multiple of {QueryChunk} positions (see Share), got {first}.", nameof(first));
            rows = _order.AsSpan(first, count).ToArray();
            var result = new KnnTopK(count, k);
            if (count == 0)
                return result;
            if (_layout is null)
                SearchBlocks(first, count, k, result);
            else
                SearchOneWay(first, count, k, result);
            return result;
        }

        private void SearchOneWay(int first, int count, int k, KnnTopK result)
        {
            var layout = _layout!;
            var candidateCount = Math.Min(k + ScreenMargin(k), Count - 1);
            // Indexed by k-d position, but each chunk only reads and writes its own: one array serves the whole share.
            var thresholds = ArrayPool<float>.Shared.Rent(layout.Norms.Length);
            try
            {
                var firstChunk = first / QueryChunk;
                var chunkCount = (count + QueryChunk - 1) / QueryChunk;
                var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };
                Parallel.For(firstChunk, firstChunk + chunkCount, options, chunk =>
                {
                    var start = chunk * QueryChunk;
                    var end = Math.Min(Count, start + QueryChunk);
                    Array.Fill(thresholds, float.PositiveInfinity, start, end - start);
                    SeedThresholds(_points, _order, layout, chunk, k, thresholds);
                    var scratch = new SelfScratch(QueryChunk, candidateCount, k, 2 * layout.Tolerance, start);
                    var ownTile = start / TileWidth;
                    var nearFrom = Math.Max(0, ownTile - NearBandTiles);
                    var nearTo = Math.Min(layout.TileCount, ownTile + TilesPerChunk + NearBandTiles);
                    SearchSelfChunk(layout, chunk, scratch, thresholds, nearFrom, nearTo, _order, oneWay: true);
                    SearchSelfChunk(layout, chunk, scratch, thresholds, 0, nearFrom, _order, oneWay: true);
                    SearchSelfChunk(layout, chunk, scratch, thresholds, nearTo, layout.TileCount, _order, oneWay: true);
                    ReRank(_points, _order, [scratch], candidateCount, layout.Tolerance, result, start, end, slotBase: first);
                });
            }
            finally
            {
                ArrayPool<float>.Shared.Return(thresholds);
            }
        }

        private void SearchBlocks(int first, int count, int k, KnnTopK result)
        {
            var dims = Dims;
            var chunkCount = (count + QueryChunk - 1) / QueryChunk;
            // The share's rows are contiguous in k-d order; the kernel reads whole groups, so the last chunk is padded.
            var queries = new float[chunkCount * QueryChunk * dims];
            _orderedRows.AsSpan(first * dims, count * dims).CopyTo(queries);
            var candidateCount = Math.Min(k + ScreenMargin(k), Count);
            var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };
            Parallel.For(0, chunkCount, options,
                () => new ChunkScratch(QueryChunk, candidateCount),
                (chunk, _, scratch) =>
                {
                    // Positions exclude the point itself; rows name the neighbours and break ties, as the library does.
                    SearchChunk(queries, chunk * QueryChunk, Math.Min(QueryChunk, count - chunk * QueryChunk), first,
                        _tiles!, _norms!, _orderedRows!, Count, 0, dims, excludeSelf: true, scratch, result, _order);
                    return scratch;
                },
                _ => { });
        }
    }
}
