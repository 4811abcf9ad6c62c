namespace GalaxyActors.Messages.Slices;

/// <summary>
/// Names one slice of a job: rows [<paramref name="Start"/>, Start + <paramref name="Count"/>) of the input.
/// The sharding entity id is derived from it, so the same slice always lands on the same entity wherever it runs.
/// </summary>
public sealed record SliceRef(string JobId, int SliceIndex, long Start, int Count)
{
    /// <summary>The sharding entity id, <c>{jobId}/slice-{i}</c>.</summary>
    public string EntityId => SliceEntityId.Of(JobId, SliceIndex);
}

/// <summary>Builds and parses the entity ids of slice entities.</summary>
public static class SliceEntityId
{
    /// <summary>The entity id of slice <paramref name="sliceIndex"/> of job <paramref name="jobId"/>.</summary>
    public static string Of(string jobId, int sliceIndex) => $"{jobId}/slice-{sliceIndex}";
}

/// <summary>A message addressed to one slice entity; the shard extractor routes it by <see cref="Slice"/>.</summary>
public interface ISliceMessage : IGalaxyMessage
{
    SliceRef Slice { get; }
}
