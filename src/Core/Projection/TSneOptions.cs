namespace GalaxyActors.Core.Projection;

/// <summary>How the t-SNE starting map is laid out.</summary>
public enum TSneInitialization
{
    /// <summary>The first two principal components, scaled to a standard deviation of 1e-4
    /// (scikit-learn's default since 1.2): keeps the global layout and needs no randomness.</summary>
    Pca,

    /// <summary>Independent N(0, 1e-4²) coordinates from <see cref="TSneOptions.Seed"/>.</summary>
    Random,
}

/// <summary>How each iteration sums the repulsion over all pairs of map points.</summary>
public enum TSneRepulsion
{
    /// <summary>Barnes–Hut below <see cref="TSneOptions.FftAbove"/> points, FFT interpolation from there (openTSNE's
    /// rule): the FFT grid costs the same for 1,000 points as for 100,000, the tree walk grows with N log N.</summary>
    Auto,

    /// <summary>FFT-accelerated interpolation on a grid (FIt-SNE, openTSNE's default): 3 nodes per box, at least
    /// 50 boxes per axis.</summary>
    Fft,

    /// <summary>Barnes–Hut's quadtree with opening angle <see cref="TSneOptions.Theta"/> (scikit-learn's default).</summary>
    BarnesHut,
}

/// <summary>
/// Parameters of <see cref="TSne.Embed(GalaxyActors.Core.Linalg.RowMatrix, TSneOptions, System.Threading.CancellationToken)"/>, named
/// and defaulted as in scikit-learn's <c>TSNE(method="barnes_hut")</c>.
/// </summary>
public sealed record TSneOptions
{
    /// <summary>Effective number of neighbours each point attends to; 3×perplexity nearest
    /// neighbours enter the input affinities.</summary>
    public double Perplexity { get; init; } = 30;

    /// <summary>Total gradient-descent iterations, the early-exaggeration phase included.</summary>
    public int Iterations { get; init; } = 750;

    public double EarlyExaggeration { get; init; } = 12;

    public int ExaggerationIterations { get; init; } = 250;

    /// <summary>Step size; null picks scikit-learn's "auto": max(N / early exaggeration / 4, 50).</summary>
    public double? LearningRate { get; init; }

    /// <summary>How the repulsion is summed.</summary>
    public TSneRepulsion Repulsion { get; init; } = TSneRepulsion.Auto;

    /// <summary>Where <see cref="TSneRepulsion.Auto"/> turns from Barnes–Hut to FFT interpolation (openTSNE's 10,000).</summary>
    public const int FftAbove = 10_000;

    /// <summary>Barnes–Hut opening angle: a quadtree cell whose width is below Theta × its distance
    /// stands in for all its points. 0 would be exact (and slow).</summary>
    public double Theta { get; init; } = DefaultTheta;

    /// <summary>scikit-learn's opening angle.</summary>
    public const double DefaultTheta = 0.5;

    public TSneInitialization Initialization { get; init; } = TSneInitialization.Pca;

    /// <summary>Seeds the random initialisation; the rest of the algorithm has no randomness.</summary>
    public int Seed { get; init; } = 42;

    internal TSneRepulsion RepulsionFor(int pointCount) =>
        Repulsion == TSneRepulsion.Auto ? (pointCount >= FftAbove ? TSneRepulsion.Fft : TSneRepulsion.BarnesHut) : Repulsion;

    internal double LearningRateFor(int pointCount) => LearningRate ?? Math.Max(pointCount / EarlyExaggeration / 4.0, 50.0);
}
