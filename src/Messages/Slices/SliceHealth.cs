namespace GalaxyActors.Messages.Slices;

/// <summary>Health check of a slice entity: it answers with <see cref="SlicePong"/> naming the node that hosts it.</summary>
public sealed record PingSlice(SliceRef Slice) : ISliceMessage;

/// <summary>Reply to <see cref="PingSlice"/>: the entity is alive on the node at <paramref name="NodeAddress"/>.</summary>
public sealed record SlicePong(SliceRef Slice, string NodeAddress) : ISliceMessage;

/// <summary>The job is done with this slice: the entity drops its state and passivates.</summary>
public sealed record ReleaseSlice(SliceRef Slice) : ISliceMessage;
