using Akka.Actor;
using GalaxyActors.Core.Clustering;
using GalaxyActors.Core.Linalg;
using GalaxyActors.Messages;
using GalaxyActors.Messages.Slices;

namespace GalaxyActors.Hosting.Coordination;

/// <summary>
/// An <see cref="IKMeansPass"/> whose slices are the job's slice entities on the workers: each pass sends the
/// centroid sets to every slice (<see cref="KMeansStep"/> / <see cref="AssignSlice"/>), and the replies' partials are
/// merged in slice order, exactly as <see cref="LocalKMeansPass"/> merges its slices with the same slice size, so the
/// elbow's results are bit-identical to a single process's. Blocking: it runs on the job's analysis thread, never on
/// a dispatcher thread. A slice that does not answer in time is asked again; one that lost its rows (re-created on
/// another node after its node died) gets them again first.
/// </summary>
public sealed class SliceKMeansPass : IKMeansPass
{
    private readonly IActorRef _region;
    private readonly SliceRef[] _slices;
    private readonly RowMatrix _reduced;
    private readonly TimeSpan _timeout;
    private readonly int _attempts;
    private int _iteration;

    private SliceKMeansPass(IActorRef region, SliceRef[] slices, RowMatrix reduced, TimeSpan timeout, int attempts)
    {
        _region = region;
        _slices = slices;
        _reduced = reduced;
        _timeout = timeout;
        _attempts = attempts;
    }

    public int Rows => _reduced.Rows;
    public int Dimensions => _reduced.Columns;

    /// <summary>
    /// Whether passes over <paramref name="reduced"/> in slices of <paramref name="sliceRows"/> rows with up to
    /// <paramref name="centroids"/> centroids fit the wire limit per message; if not, the local pass (same bits) is used.
    /// </summary>
    public static bool Fits(RowMatrix reduced, int sliceRows, int centroids) =>
        (long)sliceRows * reduced.Columns * sizeof(float) <= WireLimits.MaxPayloadBytes
        && (long)centroids * reduced.Columns * sizeof(double) <= WireLimits.MaxPayloadBytes
        && (long)sliceRows * centroids <= WireLimits.MaxPayloadBytes / sizeof(int);

    /// <summary>Hands every slice its reduced rows (blocking until all hold them) and returns the pass over them.</summary>
    public static SliceKMeansPass Start(IActorRef region, SliceRef[] slices, RowMatrix reduced, TimeSpan timeout, int attempts)
    {
        var pass = new SliceKMeansPass(region, slices, reduced, timeout, attempts);
        Task.WhenAll(slices.Select(pass.SendRowsAsync)).GetAwaiter().GetResult();
        return pass;
    }

    public KMeansPartial Accumulate(CentroidSets sets)
    {
        int iteration = ++_iteration;
        var replies = AskAll(slice => new KMeansStep(slice, iteration, sets.Dimensions, sets.SetSizes, sets.Centroids, []));
        return Merge(sets, replies.Select(r => ToPartial((KMeansStepResult)r!)));
    }

    public KMeansPartial AccumulateRows(CentroidSets sets, int[] sortedRows)
    {
        int iteration = ++_iteration;
        // Each slice's share of the batch, as slice-local rows in ascending order (as LocalKMeansPass gathers them).
        var shares = new int[_slices.Length][];
        for (int i = 0; i < _slices.Length; i++)
        {
            int start = (int)_slices[i].Start;
            int from = LowerBound(sortedRows, start), to = LowerBound(sortedRows, start + _slices[i].Count);
            shares[i] = new int[to - from];
            for (int j = from; j < to; j++) shares[i][j - from] = sortedRows[j] - start;
        }
        var replies = AskAll(slice => shares[slice.SliceIndex].Length == 0
            ? null // nothing of this batch here: an all-zero partial, as the local pass merges
            : new KMeansStep(slice, iteration, sets.Dimensions, sets.SetSizes, sets.Centroids, shares[slice.SliceIndex]));
        return Merge(sets, replies.Select(r => r is KMeansStepResult result ? ToPartial(result) : null));
    }

    public KMeansPartial Label(CentroidSets sets, int[][] labelsPerSet)
    {
        var replies = AskAll(slice => new AssignSlice(slice, sets.Dimensions, sets.SetSizes, sets.Centroids));
        var partials = new List<KMeansPartial>(_slices.Length);
        for (int i = 0; i < _slices.Length; i++)
        {
            var assigned = (SliceAssigned)replies[i]!;
            var slice = _slices[i];
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

    /// <summary>Asks every slice (null request: skip it) in parallel and returns the replies in slice order.</summary>
    private object?[] AskAll(Func<SliceRef, ISliceMessage?> request) =>
        Task.WhenAll(_slices.Select(slice => request(slice) is { } message ? AskAsync(slice, message) : Task.FromResult<object?>(null)))
            .GetAwaiter().GetResult();

    private async Task<object?> AskAsync(SliceRef slice, ISliceMessage message)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                var reply = await _region.Ask<object>(message, _timeout);
                if (reply is not ReducedRowsMissing) return reply;
                await SendRowsAsync(slice);
            }
            catch (AskTimeoutException) when (attempt < _attempts)
            {
                // The entity may be on a node that died; once sharding has moved it, a new one needs its rows first.
                await SendRowsAsync(slice);
            }
            catch (AskTimeoutException)
            {
                throw new TimeoutException($"slice {slice.SliceIndex} did not answer a K-means pass in {_attempts} attempts of {_timeout.TotalSeconds:0} s");
            }
        }
    }

    private async Task SendRowsAsync(SliceRef slice)
    {
        var rows = _reduced.RowBlock((int)slice.Start, slice.Count).ToArray();
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                await _region.Ask<SliceProjected>(new HoldReducedRows(slice, _reduced.Columns, rows), _timeout);
                return;
            }
            catch (AskTimeoutException) when (attempt < _attempts)
            {
            }
            catch (AskTimeoutException)
            {
                throw new TimeoutException($"slice {slice.SliceIndex} did not take its reduced rows in {_attempts} attempts of {_timeout.TotalSeconds:0} s");
            }
        }
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
