namespace GalaxyActors.Messages.Slices;

/// <summary>
/// Routes any of our messages to the slice entity <paramref name="EntityId"/> (<c>{jobId}/slice-{i}</c>) when the
/// message itself does not carry a <see cref="SliceRef"/>; the entity receives <paramref name="Payload"/> unwrapped.
/// </summary>
public sealed record SliceEnvelope(string EntityId, IGalaxyMessage Payload) : IGalaxyMessage;
