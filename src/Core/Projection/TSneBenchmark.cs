using System.Diagnostics;
using GalaxyActors.Core.Linalg;

namespace GalaxyActors.Core.Projection;

/// <summary>Times t-SNE with default options on synthetic clustered data, for <c>galaxy bench</c>.</summary>
public static class TSneBenchmark
{
    /// <summary>
    /// Embeds <paramref name="n"/> points in <paramref name="d"/> dimensions drawn from ten Gaussian
    /// clusters (a stand-in for PCA-reduced galaxy features, which cluster loosely) and returns the
    /// wall-clock seconds of <see cref="TSne.Embed(RowMatrix, TSneOptions)"/>, kNN included.
    /// </summary>
    public static double Run(int n, int d)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 100);
        ArgumentOutOfRangeException.ThrowIfLessThan(d, 1);
        var points = ClusteredPoints(n, d, clusters: 10, seed: 12345);
        var stopwatch = Stopwatch.StartNew();
        TSne.Embed(points, new TSneOptions());
        return stopwatch.Elapsed.TotalSeconds;
    }

    internal static RowMatrix ClusteredPoints(int n, int d, int clusters, int seed)
    {
        var random = new Random(seed);
        var centres = new double[clusters * d];
        for (var c = 0; c < centres.Length; c++)
            centres[c] = 4.0 * Gaussian(random);
        var points = new RowMatrix(n, d);
        for (var i = 0; i < n; i++)
        {
            var cluster = i % clusters;
            var row = points.Row(i);
            for (var c = 0; c < d; c++)
                row[c] = (float)(centres[cluster * d + c] + Gaussian(random));
        }
        return points;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());
}
