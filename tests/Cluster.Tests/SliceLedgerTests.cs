using GalaxyActors.Hosting.Coordination;
using GalaxyActors.Messages.Slices;

namespace GalaxyActors.Cluster.Tests;

/// <summary>
/// The embed phase's decisions without an actor: planning, pacing by the workers Up, chunk acceptance, completion,
/// retry-or-fail on a timeout and the ETA, each against a hand-worked case.
/// </summary>
public sealed class SliceLedgerTests
{
    private static SliceLedger Ledger(long rows = 10, int sliceSize = 4, int perWorker = 2, int attempts = 3) =>
        new("job", rows, sliceSize, perWorker, attempts, waitForAll: true);

    // Every chunk of a slice (one chunk here) and its morphology.
    private static bool Deliver(SliceLedger ledger, SliceRef slice)
    {
        Assert.True(ledger.AcceptChunk(slice, 0, 1));
        Assert.True(ledger.AcceptMorphology(slice));
        return ledger.TryComplete(slice);
    }

    [Fact]
    public void Plans_slices_of_the_slice_size_with_a_shorter_last_one()
    {
        var slices = Ledger(rows: 10, sliceSize: 4).Slices.ToArray();
        Assert.Equal([new SliceRef("job", 0, 0, 4), new SliceRef("job", 1, 4, 4), new SliceRef("job", 2, 8, 2)], slices);
        Assert.Empty(Ledger(rows: 0).Slices);
        Assert.True(Ledger(rows: 0).AllDone);
    }

    [Fact]
    public void A_feature_store_job_plans_slices_but_sends_none()
    {
        var ledger = new SliceLedger("job", 10, 4, 2, 3, waitForAll: false);
        Assert.Equal(3, ledger.Slices.Count());
        Assert.Empty(ledger.NextToSend());
    }

    [Fact]
    public void Paces_by_the_workers_up_now_and_sends_more_when_one_joins()
    {
        var ledger = Ledger(rows: 40, sliceSize: 4, perWorker: 2);
        var first = ledger.NextToSend();
        Assert.Equal([0, 1], first.Select(d => d.Slice.SliceIndex));
        Assert.All(first, d => Assert.Equal(1, d.Attempt));
        Assert.Empty(ledger.NextToSend());

        Assert.False(ledger.SetWorkers(1));
        Assert.True(ledger.SetWorkers(2));
        Assert.Equal(4, ledger.MaxInFlight);
        Assert.Equal([2, 3], ledger.NextToSend().Select(d => d.Slice.SliceIndex));

        // No worker Up still paces one worker's worth: the job waits for a worker rather than stalling for good.
        ledger.SetWorkers(0);
        Assert.Equal(1, ledger.Workers);
        Assert.Equal(2, ledger.MaxInFlight);
    }

    [Fact]
    public void A_slice_is_done_once_every_chunk_and_its_morphology_are_in_whatever_the_order()
    {
        var ledger = Ledger(rows: 8, sliceSize: 4);
        var slice = ledger.NextToSend()[0].Slice;
        Assert.True(ledger.AcceptChunk(slice, 1, 2));
        Assert.False(ledger.AcceptChunk(slice, 1, 2)); // the same chunk again (a re-sent attempt)
        Assert.False(ledger.TryComplete(slice));
        Assert.True(ledger.AcceptMorphology(slice));
        Assert.False(ledger.AcceptMorphology(slice));
        Assert.False(ledger.TryComplete(slice));
        Assert.True(ledger.AcceptChunk(slice, 0, 2));
        Assert.True(ledger.TryComplete(slice));
        Assert.False(ledger.TryComplete(slice)); // once only
        Assert.Equal(4, ledger.RowsDone);
        Assert.False(ledger.AllDone);
        Assert.False(ledger.AcceptChunk(slice, 0, 2)); // late reply to a whole slice
    }

    [Fact]
    public void Refuses_chunks_of_other_jobs_unplanned_slices_and_impossible_indices()
    {
        var ledger = Ledger(rows: 8, sliceSize: 4);
        Assert.False(ledger.AcceptChunk(new SliceRef("other-job", 0, 0, 4), 0, 1));
        Assert.False(ledger.AcceptChunk(new SliceRef("job", 7, 28, 4), 0, 1));
        Assert.False(ledger.AcceptChunk(new SliceRef("job", -1, 0, 4), 0, 1));
        Assert.False(ledger.AcceptChunk(new SliceRef("job", 0, 0, 4), 2, 2));
        Assert.False(ledger.AcceptChunk(new SliceRef("job", 0, 0, 4), 0, 0));
        Assert.False(ledger.AcceptMorphology(new SliceRef("other-job", 0, 0, 4)));
    }

    [Fact]
    public void A_finished_slice_frees_room_in_flight_and_all_done_counts_every_row()
    {
        var ledger = Ledger(rows: 10, sliceSize: 4, perWorker: 2);
        var sent = ledger.NextToSend();
        Assert.Equal(2, sent.Count);
        Assert.True(Deliver(ledger, sent[0].Slice));
        var next = Assert.Single(ledger.NextToSend());
        Assert.Equal(2, next.Slice.SliceIndex);
        Assert.True(Deliver(ledger, sent[1].Slice));
        Assert.True(Deliver(ledger, next.Slice));
        Assert.Equal(10, ledger.RowsDone);
        Assert.True(ledger.AllDone);
    }

    [Fact]
    public void A_timeout_resends_the_current_attempt_ignores_stale_ones_and_fails_after_the_last()
    {
        var ledger = Ledger(rows: 8, sliceSize: 4, attempts: 3);
        var first = ledger.NextToSend()[0];

        var again = ledger.TimedOut(0, first.Attempt);
        Assert.Null(again.FailReason);
        Assert.Equal(new SliceDispatch(first.Slice, 2), again.SendAgain);
        Assert.Equal(1, ledger.Resends);

        Assert.Same(TimeoutDecision.Ignore, ledger.TimedOut(0, first.Attempt)); // attempt 1's timer after attempt 2 went out
        Assert.Same(TimeoutDecision.Ignore, ledger.TimedOut(5, 1)); // no such slice

        Assert.Equal(3, ledger.TimedOut(0, 2).SendAgain!.Value.Attempt);
        var fail = ledger.TimedOut(0, 3);
        Assert.Null(fail.SendAgain);
        Assert.Equal("slice 0 (rows 0..4) gave no answer in 3 attempts; see the worker nodes' logs", fail.FailReason);
    }

    [Fact]
    public void A_whole_slice_or_one_never_sent_has_no_timeout()
    {
        var ledger = Ledger(rows: 12, sliceSize: 4, perWorker: 1);
        var sent = ledger.NextToSend();
        Assert.True(Deliver(ledger, sent[0].Slice));
        Assert.Same(TimeoutDecision.Ignore, ledger.TimedOut(0, 1));
        Assert.Same(TimeoutDecision.Ignore, ledger.TimedOut(2, 1)); // still waiting, not in flight
    }

    [Fact]
    public void The_eta_extrapolates_the_rate_so_far()
    {
        var ledger = Ledger(rows: 12, sliceSize: 4);
        Assert.Null(ledger.EtaSeconds(5));
        Assert.True(Deliver(ledger, ledger.NextToSend()[0].Slice));
        // 4 rows in 10 s: the 8 left take 20 s.
        Assert.Equal(20.0, ledger.EtaSeconds(10)!.Value, 12);
    }

    [Fact]
    public void A_worker_leaving_sends_every_slice_in_flight_again_as_a_new_attempt()
    {
        var ledger = Ledger(rows: 16, sliceSize: 4, perWorker: 1);
        ledger.SetWorkers(3);
        var sent = ledger.NextToSend();
        Assert.True(Deliver(ledger, sent[1].Slice));

        var again = ledger.ResendInFlight();
        Assert.Equal([new SliceDispatch(sent[0].Slice, 2), new SliceDispatch(sent[2].Slice, 2)], again);
        Assert.Equal(2, ledger.Resends);
        // The first attempts' timers are stale now; the repeats' are the live ones.
        Assert.Same(TimeoutDecision.Ignore, ledger.TimedOut(0, 1));
        Assert.Equal(3, ledger.TimedOut(0, 2).SendAgain!.Value.Attempt);
    }
}
