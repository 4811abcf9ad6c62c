using GalaxyActors.Core.Linalg;

namespace GalaxyActors.Core.Clustering;

/// <summary>
/// <see cref="IKMeansPass"/> over an in-memory matrix, cut into slices of <c>sliceRows</c> rows
/// exactly as the cluster cuts its data: one partial per slice (slices in parallel), merged in
/// slice order, so a local run reproduces a distributed one bit for bit.
/// </summary>
public sealed class LocalKMeansPass(RowMatrix data, int sliceRows = Pca.DefaultSliceRows) : IKMeansPass
{
    private readonly int _sliceRows = sliceRows > 0 ? sliceRows : throw new ArgumentOutOfRangeException(nameof(sliceRows));

    // Each slice's rows with their norms, made on its first full pass and kept for the next ones,
    // as a slice actor keeps its own; a slice is only ever computed by one thread in a pass.
    private readonly KMeansRows?[] _prepared = new KMeansRows?[(data.Rows + Math.Max(1, sliceRows) - 1) / Math.Max(1, sliceRows)];

    // A pass is short (a 512-row slice against ~100 centroids takes ~20 µs) and an elbow makes
    // hundreds: each wave of slices ends in a barrier that waits for thread wake-ups, which on a
    // busy machine cost more than the slices. So a wave holds as many slices as partials fit in
    // this budget: one wave per pass for n_init 1 even at 200,000 rows.
    private const long WaveBudgetBytes = 4L << 20;

    public int Rows => data.Rows;
    public int Dimensions => data.Columns;
    private int SliceCount => (data.Rows + _sliceRows - 1) / _sliceRows;

    public KMeansPartial Accumulate(CentroidSets sets) =>
        PerSlice(sets, (slice, partial) => KMeansAssignment.Accumulate(Prepared(slice), sets, partial));

    public KMeansPartial AccumulateRows(CentroidSets sets, int[] sortedRows)
    {
        // A batch leaves a few rows per slice: the slices that have some run one after another on
        // this thread (a parallel wave per few rows costs more than the rows), merged in slice
        // order into the total; slices without rows would merge a zero partial, which changes nothing.
        var d = data.Columns;
        if (sortedRows.Length >= 64 * SliceCount)
        {
            // A batch of whole tiles per slice: worth the parallel waves.
            return PerSlice(sets, (slice, partial) =>
            {
                var (start, count) = SliceBounds(slice);
                var from = LowerBound(sortedRows, start);
                var to = LowerBound(sortedRows, start + count);
                if (to == from) return;
                var rows = new float[(to - from) * d];
                for (var i = from; i < to; i++) data.Row(sortedRows[i]).CopyTo(rows.AsSpan((i - from) * d, d));
                KMeansAssignment.Accumulate(rows, to - from, sets, partial);
            });
        }
        var total = NewPartial(sets);
        var partial = NewPartial(sets);
        var gathered = Array.Empty<float>();
        for (var slice = 0; slice < SliceCount; slice++)
        {
            var (start, count) = SliceBounds(slice);
            var from = LowerBound(sortedRows, start);
            var to = LowerBound(sortedRows, start + count);
            if (to == from) continue;
            // The slice's share of the batch, gathered in ascending order (as a slice actor does).
            if (gathered.Length < (to - from) * d) gathered = new float[(to - from) * d];
            for (var i = from; i < to; i++) data.Row(sortedRows[i]).CopyTo(gathered.AsSpan((i - from) * d, d));
            partial.Reset();
            KMeansAssignment.Accumulate(gathered, to - from, sets, partial);
            total.Merge(partial);
        }
        return total;
    }

    public KMeansPartial Label(CentroidSets sets, int[][] labelsPerSet) =>
        PerSlice(sets, (slice, partial) =>
        {
            var (start, count) = SliceBounds(slice);
            var labels = new int[count * sets.SetCount];
            KMeansAssignment.Label(Prepared(slice), sets, partial, labels);
            for (var s = 0; s < sets.SetCount; s++)
                labels.AsSpan(s * count, count).CopyTo(labelsPerSet[s].AsSpan(start, count));
        });

    /// <summary>One partial per slice (reset before <paramref name="compute"/> fills it), slices in parallel waves, merged in slice order.</summary>
    private KMeansPartial PerSlice(CentroidSets sets, Action<int, KMeansPartial> compute)
    {
        var total = NewPartial(sets);
        var buffers = new List<KMeansPartial>();
        SliceReduction.Run(SliceCount,
            () =>
            {
                var buffer = SparePartial(sets);
                buffers.Add(buffer);
                return buffer;
            },
            (slice, partial) =>
            {
                partial.Reset();
                compute(slice, partial);
            },
            (_, partial) => total.Merge(partial), SlicesPerCore(sets));
        _spare.Clear();
        _spare.AddRange(buffers);
        return total;
    }

    private static int SlicesPerCore(CentroidSets sets)
    {
        var partialBytes = (long)sets.TotalCentroids * (sets.Dimensions + 1) * sizeof(double) + 64;
        return (int)Math.Clamp(WaveBudgetBytes / partialBytes / Environment.ProcessorCount, 2, 1 << 20);
    }

    private KMeansRows Prepared(int slice)
    {
        if (_prepared[slice] is { } ready) return ready;
        var (start, count) = SliceBounds(slice);
        return _prepared[slice] = KMeansRows.Prepare(data.Data, start * data.Columns, count, data.Columns);
    }

    private (int Start, int Count) SliceBounds(int slice)
    {
        var start = slice * _sliceRows;
        return (start, Math.Min(_sliceRows, data.Rows - start));
    }

    private KMeansPartial NewPartial(CentroidSets sets) => new(sets.SetCount, sets.TotalCentroids, sets.Dimensions);

    // The slices' partial buffers, kept from one pass to the next while the sets keep their shape
    // (a Lloyd elbow makes hundreds of passes): no megabytes of fresh partials per pass for the GC.
    // Only the calling thread takes and returns them (SliceReduction creates and merges there).
    private readonly List<KMeansPartial> _spare = [];

    private KMeansPartial SparePartial(CentroidSets sets)
    {
        while (_spare.Count > 0)
        {
            var spare = _spare[^1];
            _spare.RemoveAt(_spare.Count - 1);
            if (spare.Counts.Length == sets.TotalCentroids && spare.Sse.Length == sets.SetCount && spare.Dimensions == sets.Dimensions)
                return spare;
        }
        return NewPartial(sets);
    }

    private static int LowerBound(int[] sorted, int value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
