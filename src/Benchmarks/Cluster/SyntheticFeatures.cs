using GalaxyActors.Core.Linalg;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace GalaxyActors.Benchmarks;

/// <summary>
/// CNN-like features for benchmarks at any size, by the recipe of ../shared/peers/sklearn_stages.py
/// (`--synthetic N D`): six clusters in a 64-d latent space with a 1/√i spectrum, mapped by an
/// orthonormal basis into D dimensions, offset and rectified like ReLU outputs. The benchmark
/// writes them to a file so our code and scikit-learn time the very same numbers.
/// </summary>
public static class SyntheticFeatures
{
    public static RowMatrix Generate(int n, int d, int seed = 0)
    {
        const int latent = 64;
        const int clusters = 6;
        var random = new Random(seed);
        var normal = new Normal(0, 1, random);
        var spectrum = new double[latent];
        for (var i = 0; i < latent; i++) spectrum[i] = 1 / Math.Sqrt(i + 1);
        var basis = Matrix<double>.Build.Random(d, Math.Min(latent, d), normal).QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin).Q
            .Transpose().Multiply(3.0); // latent × d, orthonormal rows scaled by 3
        var centres = Matrix<double>.Build.Dense(clusters, basis.RowCount, (c, j) => normal.Sample() * 0.6 * spectrum[j]);

        var features = new RowMatrix(n, d);
        var point = new double[basis.RowCount];
        for (var i = 0; i < n; i++)
        {
            var label = random.Next(clusters);
            for (var j = 0; j < point.Length; j++) point[j] = centres[label, j] + normal.Sample() * spectrum[j];
            var row = features.Row(i);
            for (var c = 0; c < d; c++)
            {
                double value = 0.5;
                for (var j = 0; j < point.Length; j++) value += point[j] * basis[j, c];
                row[c] = (float)Math.Max(value, 0);
            }
        }
        return features;
    }
}
