using GalaxyActors.Core.Jobs;

namespace GalaxyActors.Messages.Jobs;

// The submitter <-> coordinator protocol. A submitter (the CLI, through a cluster client) sends SubmitJob and then
// receives JobAccepted or JobRejected, a stream of JobProgress, and finally JobCompleted or JobFailed.

/// <summary>
/// Asks the coordinator to queue a job. The sender receives every later event of that job. The request is the compute
/// library's options model itself (paths as the cluster's nodes see them, never file contents: nodes read the data).
/// </summary>
/// <param name="Credential">The cluster's shared submit secret when the seed requires one (GALAXY__SUBMITSECRET); never logged.</param>
public sealed record SubmitJob(JobRequest Request, string? Credential = null) : IGalaxyMessage
{
    // A record prints its members: keep the secret out of logs and error messages.
    public override string ToString() => $"SubmitJob {{ Request = {Request}, Credential = {(Credential is null ? "none" : "given")} }}";
}

/// <summary>The job was queued as <paramref name="JobId"/>; <paramref name="QueuePosition"/> jobs run before it (0 = starts now).</summary>
/// <param name="CoordinatorPath">
/// The full actor path (with address) of the coordinator that holds the job, or empty. A submitter death-watches it:
/// with several seeds its cluster client just reconnects to another seed when the one running the coordinator dies,
/// so only the coordinator's own death says the job is gone.
/// </param>
public sealed record JobAccepted(string JobId, int QueuePosition, string CoordinatorPath = "") : IGalaxyMessage;

/// <summary>The job was not queued; <paramref name="Reason"/> names the bad option or the full queue.</summary>
public sealed record JobRejected(string Reason) : IGalaxyMessage;

/// <summary>
/// Progress of one phase ("embed", "pca", "kmeans", "knn", "spectral", "report", ...): <paramref name="Done"/>
/// of <paramref name="Total"/> units, with an ETA in seconds when one can be estimated. The coordinator itself sends
/// phase "queued" (Done = jobs still ahead, Total = 0) when a waiting job moves up, and "started" (0 of 0) when it runs.
/// </summary>
public sealed record JobProgress(string JobId, string Phase, long Done, long Total, double? EtaSeconds) : IGalaxyMessage;

/// <summary>The job finished; its results are in <paramref name="OutDir"/>, its summary.json text in <paramref name="SummaryJson"/>.</summary>
public sealed record JobCompleted(string JobId, string OutDir, string SummaryJson) : IGalaxyMessage;

/// <summary>The job stopped without results; <paramref name="Reason"/> is one line for the user.</summary>
public sealed record JobFailed(string JobId, string Reason) : IGalaxyMessage;

/// <summary>Subscribes the sender to a known job's events (e.g. a submitter that reconnected); unknown ids get JobFailed.</summary>
public sealed record WatchJob(string JobId) : IGalaxyMessage;

/// <summary>
/// Asks the coordinator to stop a job (`galaxy cancel`): a queued job leaves the queue, a running one has its runner
/// stopped (its analysis task is cancelled and nothing more is written to its --out). Carries the submit secret, as
/// <see cref="SubmitJob"/> does. The answer is the job's final <see cref="JobFailed"/> (reason "cancelled …"), also
/// sent to everyone watching it, or <see cref="JobRejected"/> when the job is unknown, finished or the secret is wrong.
/// </summary>
public sealed record CancelJob(string JobId, string? Credential = null) : IGalaxyMessage
{
    /// <inheritdoc cref="SubmitJob.ToString"/>
    public override string ToString() => $"CancelJob {{ JobId = {JobId}, Credential = {(Credential is null ? "none" : "given")} }}";
}
