namespace GalaxyActors.Core.Pipeline;

/// <summary>
/// The analysis knobs of a job (DESIGN.md §3 job options), with scikit-learn's names and defaults
/// where it has them. Validated once at the edge, so every stage can trust them.
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

    public int Eigenvalues { get; init; } = 10;

    public int Seed { get; init; } = 42;

    /// <summary>How the report's 2-D map (embedding.png) is made: t-SNE, or the two leading principal components.</summary>
    public Reporting.MapMethod Map { get; init; } = Reporting.MapMethod.TSne;

    /// <summary>Rows per slice: the unit of streaming, of partial results and of distribution.</summary>
    public int SliceSize { get; init; } = 512;

    /// <summary>Throws <see cref="InvalidInputException"/> naming the first bad option.</summary>
    public void Validate()
    {
        if (!(Variance > 0 && Variance <= 1))
            throw new InvalidInputException($"--variance {Variance}: the variance target must be in (0, 1].");
        if (KMax < 1)
            throw new InvalidInputException($"--k-max {KMax}: must be at least 1.");
        if (K is < 1)
            throw new InvalidInputException($"--k {K}: must be at least 1 (or 'auto').");
        if (NInit < 1)
            throw new InvalidInputException($"--n-init {NInit}: must be at least 1.");
        if (Neighbors < 1)
            throw new InvalidInputException($"--neighbors {Neighbors}: must be at least 1.");
        if (Eigenvalues < 2)
            throw new InvalidInputException($"--eigenvalues {Eigenvalues}: at least 2 are needed to find an eigengap.");
        if (SliceSize < 1)
            throw new InvalidInputException($"--slice-size {SliceSize}: must be at least 1.");
    }

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
