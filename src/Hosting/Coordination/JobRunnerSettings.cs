namespace GalaxyActors.Hosting.Coordination;

/// <summary>How a <see cref="JobRunner"/> paces and guards the slices it sends out.</summary>
public sealed record JobRunnerSettings
{
    /// <summary>Slices in flight per worker node: enough to keep a worker busy while a reply travels, few enough to spread work.</summary>
    public int SlicesInFlightPerWorker { get; init; } = 2;

    /// <summary>
    /// Slices asked at once per worker node in the analysis stages with large replies or work (PCA statistics,
    /// projection, kNN searches): enough to keep its compute threads busy, few enough that megabytes, not gigabytes,
    /// are in flight and no request waits out its timeout behind the others.
    /// </summary>
    public int AnalysisSlicesInFlightPerWorker { get; init; } = 4;

    /// <summary>
    /// Fixed part of a slice's time limit: covers loading the model on a fresh node and the time sharding needs to
    /// move a shard off a node the split-brain resolver downed. After the limit the slice is sent again.
    /// </summary>
    public TimeSpan SliceTimeoutBase { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Per-image part of a slice's time limit, multiplied by the slices in flight in the whole cluster: in-process
    /// workers share one inference session, so a slice may wait behind every other one in flight.
    /// </summary>
    public TimeSpan SliceTimeoutPerImage { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Attempts at one slice before the job fails: a slice that crashes its entity every time (a bug, a corrupt
    /// hyperslab) must not be re-sent forever.
    /// </summary>
    public int SliceAttempts { get; init; } = 5;

    /// <summary>
    /// Time limit of one K-means pass request to one slice (milliseconds of work, so this only waits out a lost node:
    /// failure detection, the split-brain resolver's stable-after and the shard's move).
    /// </summary>
    public TimeSpan PassTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How long an image job's embedding waits with no worker Up (none ever joined, or every one was lost) before it
    /// fails with a message saying so, rather than waiting for slice timeouts. A worker that joins in time resumes it.
    /// </summary>
    public TimeSpan NoWorkerTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Attempts per K-means pass request before the job fails.</summary>
    public int PassAttempts { get; init; } = 8;

    /// <summary>The time limit of one attempt at a slice of <paramref name="images"/> images with <paramref name="inFlight"/> slices in flight.</summary>
    public TimeSpan SliceTimeout(int images, int inFlight) => SliceTimeoutBase + SliceTimeoutPerImage * ((double)images * Math.Max(1, inFlight));
}
