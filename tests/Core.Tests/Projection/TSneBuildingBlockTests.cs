using GalaxyActors.Core.Linalg;
using GalaxyActors.Core.Projection;

namespace GalaxyActors.Core.Tests.Projection;

public class TSneBuildingBlockTests
{
    [Fact]
    public void Equidistant_points_get_uniform_joint_probabilities()
    {
        // Vertices of a regular tetrahedron: every neighbour is equally far, so every conditional
        // distribution is uniform whatever its bandwidth, and P_ij = 1 / (N(N−1)) = 1/12.
        var points = new RowMatrix(4, 3, [1, 1, 1, 1, -1, -1, -1, 1, -1, -1, -1, 1]);

        var p = InputAffinities.Compute(points, perplexity: 2);

        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(3, p.RowStarts[i + 1] - p.RowStarts[i]);
            for (var e = p.RowStarts[i]; e < p.RowStarts[i + 1]; e++)
                Assert.Equal(1.0 / 12, p.Values[e], 1e-12);
        }
    }

    [Fact]
    public void Joint_probabilities_are_symmetric_and_sum_to_one()
    {
        var random = new Random(3);
        var points = new RowMatrix(200, 5);
        for (var e = 0; e < points.Data.Length; e++)
            points.Data[e] = (float)random.NextDouble();

        var p = InputAffinities.Compute(points, perplexity: 10);

        var lookup = new Dictionary<(int, int), double>();
        double total = 0;
        for (var i = 0; i < p.Count; i++)
            for (var e = p.RowStarts[i]; e < p.RowStarts[i + 1]; e++)
            {
                Assert.NotEqual(i, p.Columns[e]);
                Assert.True(p.Values[e] > 0);
                lookup[(i, p.Columns[e])] = p.Values[e];
                total += p.Values[e];
            }
        Assert.Equal(1.0, total, 1e-9);
        foreach (var ((i, j), value) in lookup)
            Assert.Equal(value, lookup[(j, i)], 1e-15);
    }

    [Fact]
    public void Quadtree_with_theta_zero_sums_repulsion_exactly()
    {
        var random = new Random(4);
        const int n = 150;
        var positions = new double[2 * n];
        for (var c = 0; c < positions.Length; c++)
            positions[c] = random.NextDouble() * 20 - 10;
        positions[2] = positions[0]; // a duplicate point must not be mistaken for the point itself
        positions[3] = positions[1];
        var tree = new QuadTree(n);
        tree.Build(positions);

        for (var i = 0; i < n; i++)
        {
            tree.Repulsion(i, 0, out var fx, out var fy, out var z);
            double ex = 0, ey = 0, ez = 0;
            for (var j = 0; j < n; j++)
            {
                if (j == i)
                    continue;
                var dx = positions[2 * i] - positions[2 * j];
                var dy = positions[2 * i + 1] - positions[2 * j + 1];
                var q = 1 / (1 + dx * dx + dy * dy);
                ez += q;
                ex += q * q * dx;
                ey += q * q * dy;
            }
            Assert.Equal(ez, z, 1e-4 * ez);
            Assert.Equal(ex, fx, 1e-5);
            Assert.Equal(ey, fy, 1e-5);
        }
    }
}
