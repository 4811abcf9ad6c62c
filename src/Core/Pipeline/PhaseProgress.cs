namespace GalaxyActors.Core.Pipeline;

/// <summary>How far a long phase has come; reported through <see cref="IProgress{T}"/> to a progress bar or log line.</summary>
public readonly record struct PhaseProgress(string Phase, long Done, long Total);
