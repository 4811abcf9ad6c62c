using Akka.Actor;
using Akka.Event;
using GalaxyActors.Core;
using GalaxyActors.Core.Linalg;
using GalaxyActors.Messages.Slices;

namespace GalaxyActors.Hosting.Coordination;

/// <summary>
/// Asks the job's slice entities for the analysis stages and gets an answer however the cluster changes meanwhile: a
/// request that times out (its node died, sharding is moving the entity) is asked again, and an entity re-created on
/// another node that lacks what the request needs is restored first — its features from the job's feature store
/// (complete by the time the analysis starts), its reduced rows from the coordinator's copy. Blocking callers run on
/// the job's analysis thread, never on a dispatcher thread. <paramref name="cancellation"/> (the job stopped) abandons
/// every request at once.
/// </summary>
public sealed class SliceRequester(IActorRef region, string featuresPath, string featuresDataset, TimeSpan timeout, int attempts,
    ILoggingAdapter? log = null, CancellationToken cancellation = default)
{
    /// <summary>All reduced rows once projected: what a re-created slice is given back.</summary>
    public RowMatrix? Reduced { get; set; }

    /// <summary>Asks every slice (a null request skips it) in parallel; the replies in slice order (null where skipped).</summary>
    public object?[] AskAll(IReadOnlyList<SliceRef> slices, Func<SliceRef, ISliceMessage?> request) =>
        Task.WhenAll(slices.Select(slice => request(slice) is { } message ? AskAsync(slice, message) : Task.FromResult<object?>(null)))
            .GetAwaiter().GetResult();

    /// <summary>
    /// Runs <paramref name="perSlice"/> for every slice in parallel (at most <paramref name="maxInFlight"/> at once
    /// when given) and returns its results in slice order. Requests whose work takes seconds must be paced: hundreds
    /// queued on a few workers at once would outwait the request timeout and be asked again, doing the work twice.
    /// </summary>
    public T[] ForAll<T>(IReadOnlyList<SliceRef> slices, Func<SliceRef, Task<T>> perSlice, int? maxInFlight = null)
    {
        if (maxInFlight is not { } limit) return Task.WhenAll(slices.Select(perSlice)).GetAwaiter().GetResult();
        using var gate = new SemaphoreSlim(Math.Max(1, limit));
        async Task<T> Paced(SliceRef slice)
        {
            await gate.WaitAsync(cancellation);
            try
            {
                return await perSlice(slice);
            }
            finally
            {
                gate.Release();
            }
        }
        return Task.WhenAll(slices.Select(Paced)).GetAwaiter().GetResult();
    }

    /// <summary>The answer of <paramref name="slice"/> to <paramref name="message"/>, restoring the slice's state when it lost it.</summary>
    /// <exception cref="InvalidInputException">The slice reports a problem with its data (a non-finite feature, say).</exception>
    /// <exception cref="TimeoutException">No answer in all attempts.</exception>
    public async Task<object?> AskAsync(SliceRef slice, ISliceMessage message)
    {
        // Restores count as attempts too, so an entity that loses its state every time cannot loop forever.
        for (int attempt = 1; ; attempt++)
        {
            object reply;
            try
            {
                reply = await region.Ask<object>(message, timeout, cancellation);
            }
            catch (AskTimeoutException) when (attempt < attempts)
            {
                log?.Warning("Job {JobId}: slice {SliceIndex} gave no answer to {Request} in {Seconds:0} s (attempt {Attempt}); asking again",
                    slice.JobId, slice.SliceIndex, message.GetType().Name, timeout.TotalSeconds, attempt);
                continue;
            }
            catch (AskTimeoutException)
            {
                throw new TimeoutException($"slice {slice.SliceIndex} gave no answer to {message.GetType().Name} in {attempts} attempts of {timeout.TotalSeconds:0} s");
            }

            switch (reply)
            {
                case SliceFailed failed:
                    throw new InvalidInputException(failed.Reason);
                case SliceFeaturesMissing when attempt < attempts:
                    // Also the normal first use of a --features job's slices, so not a warning.
                    log?.Info("Job {JobId}: slice {SliceIndex} holds no features (a feature-store job's first use, or re-created on another node); loading them from {FeaturesPath}",
                        slice.JobId, slice.SliceIndex, featuresPath);
                    await RestoreAsync(slice, new LoadSliceFeatures(slice, featuresPath, featuresDataset));
                    continue;
                case ReducedRowsMissing when attempt < attempts && Reduced is { } reduced:
                    log?.Warning("Job {JobId}: slice {SliceIndex} lost its reduced rows (re-created on another node); restoring them", slice.JobId, slice.SliceIndex);
                    await RestoreAsync(slice, new HoldReducedRows(slice, reduced.Columns, reduced.RowBlock((int)slice.Start, slice.Count).ToArray()));
                    continue;
                case SliceFeaturesMissing or ReducedRowsMissing:
                    throw new TimeoutException($"slice {slice.SliceIndex} lost its rows again and again ({attempts} attempts); see the worker nodes' logs");
                default:
                    return reply;
            }
        }
    }

    private async Task RestoreAsync(SliceRef slice, ISliceMessage restore)
    {
        var reply = await AskAsync(slice, restore);
        if (reply is not (SliceFeaturesHeld or SliceProjected))
            throw new InvalidOperationException($"slice {slice.SliceIndex} answered {reply?.GetType().Name} to {restore.GetType().Name}");
    }
}
