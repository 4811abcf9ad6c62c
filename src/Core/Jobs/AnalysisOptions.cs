using GalaxyActors.Core.Linalg;
using GalaxyActors.Core.Reporting;

namespace GalaxyActors.Core.Jobs;

/// <summary>
/// The analysis knobs of a job (DESIGN.md §3 job options), with scikit-learn's names and defaults where it has them.
/// Checked by <see cref="JobRequestRules"/> (messages name the command-line option), so every stage can trust them.
/// </summary>
public sealed record AnalysisOptions
{
    /// <summary>PCA keeps the fewest components whose explained variance reaches this fraction.</summary>
    public double Variance { get; init; } = 0.90;

    /// <summary>Number of clusters for both methods; null picks it (knee of the elbow / eigengap).</summary>
    public int? K { get; init; }

    public int KMax { get; init; } = 14;

    /// <summary>K-means restarts per K (scikit-learn's n_init); the best SSE wins.</summary>
    public int NInit { get; init; } = 10;

    public int Neighbors { get; init; } = 10;

    /// <summary>How the kNN graph's neighbours are found: exact, approximate (NN-descent), or by size.</summary>
    public Graph.KnnMethod Knn { get; init; } = Graph.KnnMethod.Auto;

    public int Eigenvalues { get; init; } = 10;

    public int Seed { get; init; } = 42;

    /// <summary>How each feature row is normalised before PCA; the raw features stay in features.h5.</summary>
    public FeatureNorm FeatureNorm { get; init; } = AnalysisDefaults.FeatureNorm;

    /// <summary>How the report's 2-D map (embedding.png) is made: t-SNE, or the two leading principal components.</summary>
    public MapMethod Map { get; init; } = MapMethod.TSne;

    /// <summary>Rows per slice: the unit of streaming, of partial results and of distribution.</summary>
    public int SliceSize { get; init; } = 512;

    /// <summary>Throws <see cref="InvalidInputException"/> naming the first bad option.</summary>
    public void Validate() => JobRequestRules.ValidateAnalysis(this);

    /// <summary>Checks the options against the number of points once it is known.</summary>
    public void ValidateFor(int points)
    {
        if (points < 2)
            throw new InvalidInputException($"{points} point(s): clustering needs at least 2.");
        if (K is { } k && k > points)
            throw new InvalidInputException($"--k {k}: more clusters than the {points} points (N < K).");
        if (Neighbors >= points)
            throw new InvalidInputException($"--neighbors {Neighbors}: needs more than {Neighbors} points, the input has {points}.");
    }
}
