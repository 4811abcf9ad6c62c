using GalaxyActors.Core.Graph;

namespace GalaxyActors.Core.Tests.Graph;

public class NormalizedLaplacianTests
{
    /// <summary>y = α·(L − σI)·x + β·z worked out entry by entry from W: L_ij = δ_ij − w_ij / √(d_i d_j).</summary>
    private static double[] Expected(SparseMatrix w, double[] x, int width, double alpha, double shift, double[] z, double beta)
    {
        var n = w.Size;
        var degrees = new double[n];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
                degrees[i] += w[i, j];
        var y = new double[n * width];
        for (var i = 0; i < n; i++)
            for (var c = 0; c < width; c++)
            {
                var sum = (1 - shift) * x[i * width + c];
                for (var j = 0; j < n; j++)
                    if (w[i, j] != 0)
                        sum -= w[i, j] / Math.Sqrt(degrees[i] * degrees[j]) * x[j * width + c];
                y[i * width + c] = alpha * sum + beta * z[i * width + c];
            }
        return y;
    }

    [Theory]
    [InlineData(8)]
    [InlineData(24)]
    [InlineData(40)]
    [InlineData(80)]
    [InlineData(5)]
    public void Single_precision_block_product_matches_the_Laplacian_to_float_rounding(int width)
    {
        // A ring with chords (uneven degrees); widths cover the 16-float vectors,
        // the 8-float tail, more than one 64-column chunk, and the scalar path.
        var w = TestGraphs.FromEdges(30, Enumerable.Range(0, 30).SelectMany(i => new[] { (i, (i + 1) % 30), (i, (i * 7 + 3) % 30) })
            .Where(e => e.Item1 != e.Item2));
        var random = new Random(4);
        var x = Enumerable.Range(0, 30 * width).Select(_ => random.NextDouble() - 0.5).ToArray();
        var z = Enumerable.Range(0, 30 * width).Select(_ => random.NextDouble() - 0.5).ToArray();
        var expected = Expected(w, x, width, 1.7, 0.3, z, -0.6);

        var y = new float[x.Length];
        new NormalizedLaplacian(w).ApplyShiftedBlockSingle(x.Select(v => (float)v).ToArray(), y, width, 1.7, 0.3,
            z.Select(v => (float)v).ToArray(), -0.6);
        for (var i = 0; i < y.Length; i++)
            Assert.True(Math.Abs(expected[i] - y[i]) <= 1e-6, $"entry {i}: expected {expected[i]}, got {y[i]}");

        var withoutAdd = Expected(w, x, width, 0.9, 0.0, new double[x.Length], 0.0);
        new NormalizedLaplacian(w).ApplyShiftedBlockSingle(x.Select(v => (float)v).ToArray(), y, width, 0.9, 0.0, null, 0.0);
        for (var i = 0; i < y.Length; i++)
            Assert.True(Math.Abs(withoutAdd[i] - y[i]) <= 1e-6, $"entry {i} (no add): expected {withoutAdd[i]}, got {y[i]}");
    }
}
