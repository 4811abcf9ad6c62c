namespace GalaxyActors.Core.Clustering;

/// <summary>The elbow curve and the clustering for every K.</summary>
public sealed record ElbowResult(
    /// <summary>SSE for K = 1..KMax (index K − 1).</summary>
    double[] Sse,
    /// <summary>K picked by <see cref="KneeLocator"/> from <see cref="Sse"/>.</summary>
    int KneeK,
    /// <summary>The K used: the one given in the options, else <see cref="KneeK"/>.</summary>
    int ChosenK,
    /// <summary>Results for K = 1..KMax (index K − 1), plus the given K last when it exceeds KMax.</summary>
    KMeansResult[] PerK)
{
    public KMeansResult Chosen => Array.Find(PerK, r => r.K == ChosenK)!;
}
