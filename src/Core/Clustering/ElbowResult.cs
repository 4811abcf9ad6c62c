namespace GalaxyActors.Core.Clustering;

/// <summary>The elbow curve and the clustering for every K.</summary>
/// <param name="Sse">SSE for K = 1..KMax (index K − 1).</param>
/// <param name="KneeK">K picked by <see cref="KneeLocator"/> from <paramref name="Sse"/>.</param>
/// <param name="ChosenK">The K used: the one given in the options, else <paramref name="KneeK"/>.</param>
/// <param name="PerK">Results for K = 1..KMax (index K − 1), plus the given K last when it exceeds KMax.</param>
public sealed record ElbowResult(double[] Sse, int KneeK, int ChosenK, KMeansResult[] PerK)
{
    public KMeansResult Chosen => Array.Find(PerK, r => r.K == ChosenK)!;
}
