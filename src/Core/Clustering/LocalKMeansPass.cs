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

    public int Rows => data.Rows;
    public int Dimensions => data.Columns;
    private int SliceCount => (data.Rows + _sliceRows - 1) / _sliceRows;

    public KMeansPartial Accumulate(CentroidSets sets)
    {
        var total = NewPartial(sets);
        SliceReduction.Run(SliceCount, () => NewPartial(sets),
            (slice, partial) =>
            {
                partial.Reset();
                var (start, count) = SliceBounds(slice);
                KMeansAssignment.Accumulate(data.RowBlock(start, count), count, sets, partial);
            },
            (_, partial) => total.Merge(partial));
        return total;
    }

    public KMeansPartial AccumulateRows(CentroidSets sets, int[] sortedRows)
    {
        var total = NewPartial(sets);
        var d = data.Columns;
        SliceReduction.Run(SliceCount, () => NewPartial(sets),
            (slice, partial) =>
            {
                partial.Reset();
                var (start, count) = SliceBounds(slice);
                // The slice's share of the batch, gathered in ascending order.
                var from = LowerBound(sortedRows, start);
                var to = LowerBound(sortedRows, start + count);
                if (to == from) return;
                var gathered = new float[(to - from) * d];
                for (var i = from; i < to; i++) data.Row(sortedRows[i]).CopyTo(gathered.AsSpan((i - from) * d, d));
                KMeansAssignment.Accumulate(gathered, to - from, sets, partial);
            },
            (_, partial) => total.Merge(partial));
        return total;
    }

    public KMeansPartial Label(CentroidSets sets, int[][] labelsPerSet)
    {
        var total = NewPartial(sets);
        SliceReduction.Run(SliceCount, () => NewPartial(sets),
            (slice, partial) =>
            {
                partial.Reset();
                var (start, count) = SliceBounds(slice);
                var labels = new int[count * sets.SetCount];
                KMeansAssignment.Label(data.RowBlock(start, count), count, sets, partial, labels);
                for (var s = 0; s < sets.SetCount; s++)
                    labels.AsSpan(s * count, count).CopyTo(labelsPerSet[s].AsSpan(start, count));
            },
            (_, partial) => total.Merge(partial));
        return total;
    }

    private (int Start, int Count) SliceBounds(int slice)
    {
        var start = slice * _sliceRows;
        return (start, Math.Min(_sliceRows, data.Rows - start));
    }

    private KMeansPartial NewPartial(CentroidSets sets) => new(sets.SetCount, sets.TotalCentroids, sets.Dimensions);

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
