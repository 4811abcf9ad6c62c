using GalaxyActors.Core.Clustering;
using GalaxyActors.Core.Linalg;

namespace GalaxyActors.Core.Tests.Clustering;

/// <summary>A pass that, like the cluster, computes one partial per slice and merges them in slice order, sequentially.</summary>
internal sealed class SequentialSlicePass(RowMatrix data, int sliceRows) : IKMeansPass
{
    public int Rows => data.Rows;
    public int Dimensions => data.Columns;

    public KMeansPartial Accumulate(CentroidSets sets)
    {
        var total = new KMeansPartial(sets.SetCount, sets.TotalCentroids, sets.Dimensions);
        for (var start = 0; start < data.Rows; start += sliceRows)
        {
            var count = Math.Min(sliceRows, data.Rows - start);
            var part = new KMeansPartial(sets.SetCount, sets.TotalCentroids, sets.Dimensions);
            KMeansAssignment.Accumulate(data.RowBlock(start, count), count, sets, part);
            total.Merge(part);
        }
        return total;
    }

    public KMeansPartial AccumulateRows(CentroidSets sets, int[] sortedRows) => throw new NotSupportedException("Lloyd only.");

    public KMeansPartial Label(CentroidSets sets, int[][] labelsPerSet)
    {
        var total = new KMeansPartial(sets.SetCount, sets.TotalCentroids, sets.Dimensions);
        for (var start = 0; start < data.Rows; start += sliceRows)
        {
            var count = Math.Min(sliceRows, data.Rows - start);
            var part = new KMeansPartial(sets.SetCount, sets.TotalCentroids, sets.Dimensions);
            var labels = new int[count * sets.SetCount];
            KMeansAssignment.Label(data.RowBlock(start, count), count, sets, part, labels);
            for (var s = 0; s < sets.SetCount; s++) labels.AsSpan(s * count, count).CopyTo(labelsPerSet[s].AsSpan(start, count));
            total.Merge(part);
        }
        return total;
    }
}
