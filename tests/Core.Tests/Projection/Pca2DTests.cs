using GalaxyActors.Core.Linalg;
using GalaxyActors.Core.Projection;

namespace GalaxyActors.Core.Tests.Projection;

public class Pca2DTests
{
    [Fact]
    public void First_axis_recovers_the_dominant_direction()
    {
        // Points spread along u = (1, 2, 2)/3 with standard deviation 10, along the orthogonal
        // w = (2, -2, 1)/3 with 3, and 0.1 noise elsewhere, all around an offset centre.
        const int n = 2000;
        double[] u = [1 / 3.0, 2 / 3.0, 2 / 3.0, 0, 0];
        double[] w = [2 / 3.0, -2 / 3.0, 1 / 3.0, 0, 0];
        var random = new Random(7);
        var points = new RowMatrix(n, 5);
        var along = new double[n];
        var across = new double[n];
        for (var i = 0; i < n; i++)
        {
            along[i] = 10 * Gaussian(random);
            across[i] = 3 * Gaussian(random);
            for (var c = 0; c < 5; c++)
                points[i, c] = (float)(5 + along[i] * u[c] + across[i] * w[c] + 0.1 * Gaussian(random));
        }

        var map = Pca2D.Embed(points);

        // Coordinates equal the hidden factors up to sign (and the small noise).
        Assert.True(Math.Abs(Correlation(map, 0, along)) > 0.999);
        Assert.True(Math.Abs(Correlation(map, 1, across)) > 0.99);
        // Centred: the mean of each coordinate is 0.
        double mean0 = 0, mean1 = 0;
        for (var i = 0; i < n; i++)
        {
            mean0 += map[2 * i];
            mean1 += map[2 * i + 1];
        }
        Assert.InRange(mean0 / n, -1e-3, 1e-3);
        Assert.InRange(mean1 / n, -1e-3, 1e-3);
    }

    [Fact]
    public void Axis_sign_is_fixed_by_the_largest_loading()
    {
        // All variance along (0, 1): a point with a large second feature must map to a positive x.
        var points = new RowMatrix(4, 2, [0, -3, 0, -1, 0, 1, 0, 3]);
        var map = Pca2D.Embed(points);
        Assert.True(map[6] > 0);
        Assert.Equal(3f, map[6], 1e-4f);
        Assert.Equal(-3f, map[0], 1e-4f);
    }

    private static double Correlation(float[] map, int column, double[] truth)
    {
        var n = truth.Length;
        double mx = 0, mt = 0;
        for (var i = 0; i < n; i++)
        {
            mx += map[2 * i + column];
            mt += truth[i];
        }
        mx /= n;
        mt /= n;
        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < n; i++)
        {
            var a = map[2 * i + column] - mx;
            var b = truth[i] - mt;
            sxy += a * b;
            sxx += a * a;
            syy += b * b;
        }
        return sxy / Math.Sqrt(sxx * syy);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());
}
