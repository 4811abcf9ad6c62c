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

    /// <summary>
    /// Lloyd only: the rows the n_init restarts run on, each K's winner then refined by Lloyd on all rows. Null is
    /// automatic: all rows up to <see cref="RestartSampleAbove"/>, a random <see cref="DefaultRestartSample"/> beyond;
    /// a value at or above N uses all rows.
    /// </summary>
    public int? RestartSample { get; init; }

    /// <summary>Rows in the automatic restart sample.</summary>
    public const int DefaultRestartSample = 100_000;

    /// <summary>
    /// Up to this many rows the restarts use all of them (Galaxy10-sized jobs and well beyond); above it the sample
    /// is at most two thirds of the rows. At 200,000 rows the sampled elbow takes 9.9 s instead of 21 s, at 10⁶
    /// 13 s instead of 124 s, SSE within 0.05 % of all-row restarts for every K (docs/BENCHMARKS.md).
    /// </summary>
    public const int RestartSampleAbove = 150_000;

    /// <summary>How many rows the restarts run on for <paramref name="rows"/> points (= rows: all of them).</summary>
    public int RestartRowsFor(int rows) =>
        Math.Min(rows, RestartSample ?? (rows > RestartSampleAbove ? DefaultRestartSample : rows));

    internal void Validate()
    {
        if (NInit < 1) throw new InvalidInputException($"n_init (k-means restarts) must be at least 1, got {NInit}.");
        if (MaxIterations < 1) throw new InvalidInputException($"max_iter (k-means iteration limit) must be at least 1, got {MaxIterations}.");
        if (Tolerance is { } tolerance && (!(tolerance >= 0) || double.IsInfinity(tolerance))) throw new InvalidInputException($"tol (k-means tolerance) must be a finite value ≥ 0, got {Tolerance}.");
        if (RestartSample is < 1) throw new InvalidInputException($"the k-means restart sample must be at least 1 row, got {RestartSample}.");
        if (BatchSize < 1) throw new InvalidInputException($"batch_size (mini-batch size) must be at least 1, got {BatchSize}.");
    }
}
