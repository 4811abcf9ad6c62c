namespace GalaxyActors.Core.Graph;

/// <summary>How the analysis finds the kNN graph's neighbours.</summary>
public enum KnnMethod
{
    /// <summary>Exact up to <see cref="KnnMethods.ApproximateAbove"/> points, approximate above.</summary>
    Auto,

    /// <summary>Every pair's distance (<see cref="ExactKnn"/>, on the slices in a cluster).</summary>
    Exact,

    /// <summary>NN-descent from random-projection trees (<see cref="NnDescent"/>), with its recall measured on a sample.</summary>
    Approximate,
}

public static class KnnMethods
{
    /// <summary>
    /// Above this many points `auto` builds the graph by NN-descent: about where it overtakes the exact self-search on
    /// these 2 cores (`galaxy bench cluster --synthetic N 512`: 6.2 s vs 3.1 s at 50,000, 32.7 s vs 64.7 s at 200,000;
    /// docs/BENCHMARKS.md, "Approximate kNN graph"). The 21,785-galaxy jobs stay exact.
    /// </summary>
    public const int ApproximateAbove = 100_000;

    /// <summary>Rows whose exact neighbours are searched to measure an approximate graph's recall.</summary>
    public const int RecallSample = 1000;

    /// <summary>The method a job of <paramref name="points"/> points uses.</summary>
    public static KnnMethod Resolve(KnnMethod method, int points) =>
        method == KnnMethod.Auto ? (points > ApproximateAbove ? KnnMethod.Approximate : KnnMethod.Exact) : method;

    public static string Name(KnnMethod method) => method.ToString().ToLowerInvariant();

    /// <exception cref="InvalidInputException">Not one of auto, exact, approximate.</exception>
    public static KnnMethod Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "auto" => KnnMethod.Auto,
        "exact" => KnnMethod.Exact,
        "approximate" => KnnMethod.Approximate,
        _ => throw new InvalidInputException($"--knn {InputText.Brief(text)}: expected auto, exact or approximate."),
    };
}
