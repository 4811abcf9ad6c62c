namespace GalaxyActors.Core.Clustering;

/// <summary>Elbow settings: K = 1..KMax, all fitted in shared passes; K chosen by the knee unless given.</summary>
public sealed record ElbowOptions : KMeansOptions
{
    public int KMax { get; init; } = 14;

    /// <summary>The K to use (a job's --k); null lets <see cref="KneeLocator"/> pick it from the SSE curve.</summary>
    public int? K { get; init; }
}
