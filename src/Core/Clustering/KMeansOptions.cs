namespace GalaxyActors.Core.Clustering;

/// <summary>K-means settings, named and defaulted as scikit-learn's KMeans.</summary>
public record KMeansOptions
{
    /// <summary>k-means++ restarts per K; the lowest SSE wins.</summary>
    public int NInit { get; init; } = 10;

    public int Seed { get; init; }

    /// <summary>Lloyd iterations per restart (for mini-batch: epochs over the data).</summary>
    public int MaxIterations { get; init; } = 300;

    /// <summary>Relative tolerance: converged when Σ‖centre shift‖² ≤ Tolerance × mean column variance.</summary>
    public double Tolerance { get; init; } = 1e-4;

    public KMeansAlgorithm Algorithm { get; init; } = KMeansAlgorithm.Lloyd;

    /// <summary>Rows per mini-batch step (scikit-learn's default 1024).</summary>
    public int BatchSize { get; init; } = 1024;

    internal void Validate()
    {
        if (NInit < 1) throw new InvalidInputException($"The number of k-means restarts (--n-init) must be at least 1, got {NInit}.");
        if (MaxIterations < 1) throw new InvalidInputException($"The k-means iteration limit (--max-iter) must be at least 1, got {MaxIterations}.");
        if (!(Tolerance >= 0) || double.IsInfinity(Tolerance)) throw new InvalidInputException($"The k-means tolerance (--tol) must be a finite value ≥ 0, got {Tolerance}.");
        if (BatchSize < 1) throw new InvalidInputException($"The mini-batch size (--batch-size) must be at least 1, got {BatchSize}.");
    }
}
