namespace GalaxyActors.Core.Clustering;

/// <summary>K-means settings, named and defaulted as scikit-learn's KMeans.</summary>
public record KMeansOptions
{
    /// <summary>
    /// k-means++ initialisations per K. Lloyd runs every one to convergence and keeps the lowest SSE;
    /// mini-batch (as scikit-learn's MiniBatchKMeans) only scores each seeding on a validation
    /// subsample and optimises the best one once.
    /// </summary>
    public int NInit { get; init; } = 10;

    public int Seed { get; init; }

    /// <summary>Lloyd iterations per restart (for mini-batch: epochs over the data, MaxIterations × N / BatchSize steps).</summary>
    public int MaxIterations { get; init; } = 300;

    /// <summary>
    /// Relative tolerance: converged when Σ‖centre shift‖² ≤ Tolerance × mean column variance.
    /// Null takes scikit-learn's default for the algorithm: <see cref="LloydTolerance"/> for
    /// KMeans, 0 (no centre-shift test, only the lack-of-improvement stop) for MiniBatchKMeans.
    /// </summary>
    public double? Tolerance { get; init; }

    /// <summary>scikit-learn's KMeans default tol.</summary>
    public const double LloydTolerance = 1e-4;

    public KMeansAlgorithm Algorithm { get; init; } = KMeansAlgorithm.Lloyd;

    /// <summary>Rows per mini-batch step (scikit-learn's default 1024).</summary>
    public int BatchSize { get; init; } = 1024;

    internal void Validate()
    {
        if (NInit < 1) throw new InvalidInputException($"n_init (k-means restarts) must be at least 1, got {NInit}.");
        if (MaxIterations < 1) throw new InvalidInputException($"max_iter (k-means iteration limit) must be at least 1, got {MaxIterations}.");
        if (Tolerance is { } tolerance && (!(tolerance >= 0) || double.IsInfinity(tolerance))) throw new InvalidInputException($"tol (k-means tolerance) must be a finite value ≥ 0, got {Tolerance}.");
        if (BatchSize < 1) throw new InvalidInputException($"batch_size (mini-batch size) must be at least 1, got {BatchSize}.");
    }
}
