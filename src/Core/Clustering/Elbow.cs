using GalaxyActors.Core.Linalg;

namespace GalaxyActors.Core.Clustering;

/// <summary>
/// The elbow method: k-means for K = 1..KMax (each with n_init restarts), all fitted in the same
/// passes over the data, then the knee of the SSE curve picks K unless one is given.
/// </summary>
public static class Elbow
{
    /// <summary>Runs on in-memory reduced points, sliced like the cluster slices its data.</summary>
    public static ElbowResult Run(RowMatrix reduced, ElbowOptions options, int sliceRows = Pca.DefaultSliceRows) =>
        Run(reduced, new LocalKMeansPass(reduced, sliceRows), options);

    /// <summary>Runs with the assignment passes done by <paramref name="pass"/> (the cluster's slices, or local).</summary>
    public static ElbowResult Run(RowMatrix reduced, IKMeansPass pass, ElbowOptions options)
    {
        if (options.KMax < 1)
            throw new InvalidInputException($"k_max (largest K of the elbow) must be at least 1, got {options.KMax}.");
        if (options.KMax > reduced.Rows)
            throw new InvalidInputException($"k_max = {options.KMax} exceeds the number of points N = {reduced.Rows}: K-means needs N ≥ K.");
        if (options.K is { } given && (given < 1 || given > reduced.Rows))
            throw new InvalidInputException($"n_clusters = {given} must be between 1 and the number of points N = {reduced.Rows}.");

        var ks = Enumerable.Range(1, options.KMax).ToList();
        if (options.K is { } extra && extra > options.KMax) ks.Add(extra);
        var perK = KMeansSolver.Fit(reduced, pass, ks.ToArray(), options);
        var sse = new double[options.KMax];
        for (var k = 1; k <= options.KMax; k++) sse[k - 1] = perK[k - 1].Sse;
        var knee = KneeLocator.Find(sse);
        return new ElbowResult(sse, knee, options.K ?? knee, perK);
    }
}
