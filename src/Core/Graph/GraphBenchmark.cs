using System.Diagnostics;
using GalaxyActors.Core.Linalg;

namespace GalaxyActors.Core.Graph;

/// <summary>
/// Times the kNN graph and the Laplacian eigen-solve on seeded synthetic clustered data (the shape
/// of reduced CNN features), for `galaxy bench cluster` to print beside scikit-learn's figures.
/// </summary>
public static class GraphBenchmark
{
    public const int Neighbours = 10;
    public const int Eigenpairs = 10;

    /// <summary>
    /// Seconds for the exact 10-NN search plus graph build, and for the 10 smallest eigenpairs of
    /// its normalised Laplacian (plus the embedding), on <paramref name="n"/> × <paramref name="d"/> points.
    /// </summary>
    public static (double knnSeconds, double eigenSeconds) Run(int n, int d, int seed)
    {
        var points = ClusteredPoints(n, d, seed);
        var clock = Stopwatch.StartNew();
        var knn = ExactKnn.Search(points, Neighbours);
        var graph = KnnGraph.Build(n, knn.Ids, Neighbours);
        var knnSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        SpectralEmbedding.Compute(graph, Eigenpairs, Math.Min(5, Eigenpairs), seed);
        return (knnSeconds, clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// Eight overlapping Gaussian clusters of unequal sizes and spreads with a decaying spectrum
    /// across dimensions, so neighbourhoods are neither trivial nor uniform.
    /// </summary>
    public static RowMatrix ClusteredPoints(int n, int d, int seed)
    {
        const int clusters = 8;
        var random = new Random(seed);
        var centres = new double[clusters, d];
        var spreads = new double[clusters];
        for (var c = 0; c < clusters; c++)
        {
            spreads[c] = 0.5 + random.NextDouble();
            for (var j = 0; j < d; j++)
                centres[c, j] = 1.0 * Gaussian(random) / Math.Sqrt(1 + j);
        }
        var points = new RowMatrix(n, d);
        for (var i = 0; i < n; i++)
        {
            // u² skews the pick towards low ids, so cluster sizes fall from about 35 % to 6.5 % of the points.
            var c = (int)Math.Floor(clusters * Math.Pow(random.NextDouble(), 2));
            for (var j = 0; j < d; j++)
                points[i, j] = (float)(centres[c, j] + spreads[c] * Gaussian(random) / Math.Sqrt(1 + 0.2 * j));
        }
        return points;
    }

    private static double Gaussian(Random random)
    {
        var u = 1.0 - random.NextDouble();
        var v = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
    }
}
