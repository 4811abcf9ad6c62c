using Akka.Cluster.Sharding;
using GalaxyActors.Messages.Slices;

namespace GalaxyActors.Messages.Sharding;

/// <summary>
/// Routes slice messages to their entity (<c>{jobId}/slice-{i}</c>): an <see cref="ISliceMessage"/> by its
/// <see cref="SliceRef"/>. Shards by a
/// stable hash of the entity id, so every node places the same entity in the same shard.
/// </summary>
public sealed class SliceMessageExtractor : HashCodeMessageExtractor
{
    /// <summary>Shard count: must be identical on every node; ~10× the largest expected worker count.</summary>
    public const int ShardCount = 100;

    public SliceMessageExtractor() : base(ShardCount) { }

    public override string? EntityId(object message) => message switch
    {
        ISliceMessage m => m.Slice.EntityId,
        _ => null,
    };
}
