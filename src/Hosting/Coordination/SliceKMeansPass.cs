using GalaxyActors.Core.Clustering;
using GalaxyActors.Core.Linalg;
using GalaxyActors.Messages;
using GalaxyActors.Messages.Slices;

namespace GalaxyActors.Hosting.Coordination;

/// <summary>
/// An <see cref="IKMeansPass"/> whose slices are the job's slice entities on the workers, which hold their reduced
/// rows since the projection: each pass sends the centroid sets to every slice (<see cref="KMeansStep"/> /
/// <see cref="AssignSlice"/>), and the replies' partials are merged in slice order, exactly as
/// <see cref="LocalKMeansPass"/> merges its slices with the same slice size, so the elbow's results are bit-identical
/// to a single process's. Blocking: it runs on the job's analysis thread. Lost nodes are handled by the
/// <see cref="SliceRequester"/> (asked again; a re-created slice is given its reduced rows back).
/// </summary>
public sealed class SliceKMeansPass(SliceRequester requester, SliceRef[] slices, RowMatrix reduced) : IKMeansPass
{
    private int _iteration;

    public int Rows => reduced.Rows;
    public int Dimensions => reduced.Columns;

    /// <summary>
    /// Whether passes over <paramref name="reduced"/> in slices of <paramref name="sliceRows"/> rows with up to
    /// <paramref name="centroids"/> centroids fit the wire limit per message; if not, the local pass (same bits) is used.
    /// </summary>
    public static bool Fits(RowMatrix reduced, int sliceRows, int centroids) =>
        (long)sliceRows * reduced.Columns * sizeof(float) <= WireLimits.MaxPayloadBytes
        && (long)centroids * reduced.Columns * sizeof(double) <= WireLimits.MaxPayloadBytes
        && (long)sliceRows * centroids <= WireLimits.MaxPayloadBytes / sizeof(int);

    public KMeansPartial Accumulate(CentroidSets sets)
    {
        int iteration = ++_iteration;
        var replies = requester.AskAll(slices, slice => new KMeansStep(slice, iteration, sets.Dimensions, sets.SetSizes, sets.Centroids, []));
        return Merge(sets, replies.Select(r => ToPartial((KMeansStepResult)r!)));
    }

    public KMeansPartial AccumulateRows(CentroidSets sets, int[] sortedRows)
    {
        int iteration = ++_iteration;
        // Each slice's share of the batch, as slice-local rows in ascending order (as LocalKMeansPass gathers them).
        var shares = new int[slices.Length][];
        for (int i = 0; i < slices.Length; i++)
        {
            int start = (int)slices[i].Start;
            int from = LowerBound(sortedRows, start), to = LowerBound(sortedRows, start + slices[i].Count);
            shares[i] = new int[to - from];
            for (int j = from; j < to; j++) shares[i][j - from] = sortedRows[j] - start;
        }
        var replies = requester.AskAll(slices, slice => shares[slice.SliceIndex].Length == 0
            ? null // nothing of this batch here: an all-zero partial, as the local pass merges
            : new KMeansStep(slice, iteration, sets.Dimensions, sets.SetSizes, sets.Centroids, shares[slice.SliceIndex]));
        return Merge(sets, replies.Select(r => r is KMeansStepResult result ? ToPartial(result) : null));
    }

    public KMeansPartial Label(CentroidSets sets, int[][] labelsPerSet)
    {
        var replies = requester.AskAll(slices, slice => new AssignSlice(slice, sets.Dimensions, sets.SetSizes, sets.Centroids));
        var partials = new List<KMeansPartial>(slices.Length);
        for (int i = 0; i < slices.Length; i++)
        {
            var assigned = (SliceAssigned)replies[i]!;
            var slice = slices[i];
            for (int s = 0; s < sets.SetCount; s++)
                assigned.Labels.AsSpan(s * slice.Count, slice.Count).CopyTo(labelsPerSet[s].AsSpan((int)slice.Start, slice.Count));
            partials.Add(new KMeansPartial(sets.Dimensions, assigned.Sums, assigned.Counts, assigned.Sse));
        }
        return Merge(sets, partials);
    }

    private static KMeansPartial Merge(CentroidSets sets, IEnumerable<KMeansPartial?> inSliceOrder)
    {
        var total = new KMeansPartial(sets.SetCount, sets.TotalCentroids, sets.Dimensions);
        var zero = new KMeansPartial(sets.SetCount, sets.TotalCentroids, sets.Dimensions);
        foreach (var partial in inSliceOrder) total.Merge(partial ?? zero);
        return total;
    }

    private static KMeansPartial ToPartial(KMeansStepResult result) => new(result.Dim, result.Sums, result.Counts, result.Sse);

    private static int LowerBound(int[] sorted, int value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
