using GalaxyActors.Messages.Slices;

namespace GalaxyActors.Hosting.Coordination;

/// <summary>
/// The embed phase's book-keeping, with no actor in it (the <see cref="JobRunner"/> only moves messages and files):
/// which slices a job has, which wait, which are in flight and at which attempt, which feature chunks and morphology
/// of each have been accepted, when a slice is whole, what to do when one gives no answer in time, and the progress
/// with its ETA. Every decision is a return value, so it is unit-tested without a cluster.
/// </summary>
public sealed class SliceLedger
{
    private sealed class Entry(SliceRef slice)
    {
        public SliceRef Slice { get; } = slice;
        public int Attempt { get; set; }
        public bool[]? ChunksSeen { get; set; }
        public int ChunksLeft { get; set; }
        public bool MorphologySeen { get; set; }
        public bool Done { get; set; }
    }

    private readonly Entry[] _entries;
    private readonly Queue<int> _waiting = new();
    private readonly HashSet<int> _inFlight = [];
    private readonly int _slicesInFlightPerWorker;
    private readonly int _maxAttempts;

    /// <summary>Plans the slices of <paramref name="rows"/> rows, <paramref name="sliceSize"/> each (the last one shorter).</summary>
    /// <param name="waitForAll">True (an image job): every slice waits to be sent. False (a feature-store job): nothing to embed.</param>
    public SliceLedger(string jobId, long rows, int sliceSize, int slicesInFlightPerWorker, int maxAttempts, bool waitForAll)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(sliceSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        _slicesInFlightPerWorker = slicesInFlightPerWorker;
        _maxAttempts = maxAttempts;
        Rows = rows;
        int count = (int)((rows + sliceSize - 1) / sliceSize);
        _entries = new Entry[count];
        for (int i = 0; i < count; i++)
        {
            long start = (long)i * sliceSize;
            _entries[i] = new Entry(new SliceRef(jobId, i, start, (int)Math.Min(sliceSize, rows - start)));
            if (waitForAll) _waiting.Enqueue(i);
        }
    }

    /// <summary>The job's rows (images).</summary>
    public long Rows { get; }

    /// <summary>Rows of the slices that are whole.</summary>
    public long RowsDone { get; private set; }

    /// <summary>Every slice is whole.</summary>
    public bool AllDone => RowsDone == Rows;

    /// <summary>Slices sent again after a timeout.</summary>
    public int Resends { get; private set; }

    /// <summary>Worker nodes Up now (at least one: a job with no worker still waits for one).</summary>
    public int Workers { get; private set; } = 1;

    /// <summary>Slices in flight at most: <see cref="JobRunnerSettings.SlicesInFlightPerWorker"/> per worker Up, at least one.</summary>
    public int MaxInFlight => Math.Max(1, _slicesInFlightPerWorker * Workers);

    /// <summary>The slices, in row order.</summary>
    public IEnumerable<SliceRef> Slices => _entries.Select(e => e.Slice);

    /// <summary>Records the workers Up now; true when that changed the pace (then <see cref="NextToSend"/> may have more).</summary>
    public bool SetWorkers(int workers)
    {
        workers = Math.Max(1, workers);
        if (workers == Workers) return false;
        Workers = workers;
        return true;
    }

    /// <summary>Takes waiting slices while there is room in flight, counting an attempt at each: the caller sends them.</summary>
    public IReadOnlyList<SliceDispatch> NextToSend()
    {
        List<SliceDispatch> sends = [];
        while (_inFlight.Count < MaxInFlight && _waiting.TryDequeue(out int index))
        {
            _inFlight.Add(index);
            sends.Add(Dispatch(_entries[index]));
        }
        return sends;
    }

    private static SliceDispatch Dispatch(Entry entry) => new(entry.Slice, ++entry.Attempt);

    /// <summary>
    /// Attempt <paramref name="attempt"/> at slice <paramref name="sliceIndex"/> gave no answer in time: nothing to do
    /// (the slice is whole, or a later attempt is out), send it again, or fail the job once every attempt is spent.
    /// </summary>
    public TimeoutDecision TimedOut(int sliceIndex, int attempt)
    {
        if ((uint)sliceIndex >= (uint)_entries.Length) return TimeoutDecision.Ignore;
        var entry = _entries[sliceIndex];
        if (entry.Done || entry.Attempt != attempt || !_inFlight.Contains(sliceIndex)) return TimeoutDecision.Ignore;
        if (attempt >= _maxAttempts)
            return TimeoutDecision.Fail($"slice {sliceIndex} (rows {entry.Slice.Start}..{entry.Slice.Start + entry.Slice.Count}) gave no answer in {attempt} attempts; see the worker nodes' logs");
        Resends++;
        return TimeoutDecision.Retry(Dispatch(entry));
    }

    /// <summary>
    /// A worker left the cluster: every slice in flight is sent again at once (a new attempt each), rather than when
    /// its timer fires minutes later. Slices on the nodes still up answer the repeat from the rows they hold, and the
    /// repeated chunks are dropped by <see cref="AcceptChunk"/>, so this costs little and loses nothing.
    /// </summary>
    public IReadOnlyList<SliceDispatch> ResendInFlight()
    {
        var sends = _inFlight.Order().Select(index => Dispatch(_entries[index])).ToList();
        Resends += sends.Count;
        return sends;
    }

    /// <summary>
    /// Whether feature chunk <paramref name="chunkIndex"/> of <paramref name="chunkCount"/> of a slice is to be written:
    /// false for another job's slice, one not planned, one already whole or a chunk already in (a reply to an earlier
    /// attempt). Accepting marks it in; call <see cref="TryComplete"/> once it is written.
    /// </summary>
    public bool AcceptChunk(SliceRef slice, int chunkIndex, int chunkCount)
    {
        if (Find(slice) is not { } entry || chunkCount < 1 || (uint)chunkIndex >= (uint)chunkCount) return false;
        if (entry.ChunksSeen is null || entry.ChunksSeen.Length != chunkCount)
        {
            entry.ChunksSeen = new bool[chunkCount];
            entry.ChunksLeft = chunkCount;
        }
        if (entry.ChunksSeen[chunkIndex]) return false;
        entry.ChunksSeen[chunkIndex] = true;
        entry.ChunksLeft--;
        return true;
    }

    /// <summary>Whether a slice's morphology is to be written (false when late, repeated or not this job's).</summary>
    public bool AcceptMorphology(SliceRef slice)
    {
        if (Find(slice) is not { } entry || entry.MorphologySeen) return false;
        entry.MorphologySeen = true;
        return true;
    }

    /// <summary>
    /// True once, when the slice's every feature chunk and its morphology are in (they may come from different
    /// attempts): the slice leaves the flight and its rows count as done.
    /// </summary>
    public bool TryComplete(SliceRef slice)
    {
        if (Find(slice) is not { } entry || entry.ChunksSeen is null || entry.ChunksLeft > 0 || !entry.MorphologySeen) return false;
        entry.Done = true;
        _inFlight.Remove(slice.SliceIndex);
        RowsDone += entry.Slice.Count;
        return true;
    }

    /// <summary>The ETA in seconds after <paramref name="elapsedSeconds"/> of embedding, at the rate so far (null before the first slice).</summary>
    public double? EtaSeconds(double elapsedSeconds) => RowsDone > 0 ? elapsedSeconds / RowsDone * (Rows - RowsDone) : null;

    private Entry? Find(SliceRef slice)
    {
        if ((uint)slice.SliceIndex >= (uint)_entries.Length) return null;
        var entry = _entries[slice.SliceIndex];
        return entry.Done || entry.Slice.JobId != slice.JobId ? null : entry;
    }
}

/// <summary>One attempt at a slice, to be sent (its timer keyed by the attempt).</summary>
public readonly record struct SliceDispatch(SliceRef Slice, int Attempt);

/// <summary>What a slice's timeout calls for: nothing, sending it again, or failing the job.</summary>
public sealed record TimeoutDecision(SliceDispatch? SendAgain, string? FailReason)
{
    public static TimeoutDecision Ignore { get; } = new(null, null);

    public static TimeoutDecision Retry(SliceDispatch dispatch) => new(dispatch, null);

    public static TimeoutDecision Fail(string reason) => new(null, reason);
}
