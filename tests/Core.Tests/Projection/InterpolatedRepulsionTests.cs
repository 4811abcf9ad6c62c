using GalaxyActors.Core.Projection;

namespace GalaxyActors.Core.Tests.Projection;

public class InterpolatedRepulsionTests
{
    /// <summary>Σ_{j≠i} q²(y_i − y_j) and Σ_{j≠i} q over all pairs: the independent answer.</summary>
    private static (double[] Forces, double Normaliser) Exact(double[] positions)
    {
        var n = positions.Length / 2;
        var forces = new double[2 * n];
        double normaliser = 0;
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
            {
                if (i == j)
                    continue;
                var dx = positions[2 * i] - positions[2 * j];
                var dy = positions[2 * i + 1] - positions[2 * j + 1];
                var q = 1 / (1 + dx * dx + dy * dy);
                forces[2 * i] += q * q * dx;
                forces[2 * i + 1] += q * q * dy;
                normaliser += q;
            }
        return (forces, normaliser);
    }

    /// <summary>Clusters of different spreads over a map <paramref name="width"/> across, as t-SNE maps are.</summary>
    private static double[] Map(int n, double width, int seed)
    {
        var random = new Random(seed);
        var positions = new double[2 * n];
        for (var i = 0; i < n; i++)
        {
            var cluster = i % 5;
            var spread = 0.5 + cluster;
            positions[2 * i] = width * (cluster / 5.0 - 0.4) + spread * (random.NextDouble() - 0.5);
            positions[2 * i + 1] = width * ((cluster * 3 % 5) / 5.0 - 0.4) + spread * (random.NextDouble() - 0.5);
        }
        return positions;
    }

    /// <summary>RMS error of the forces relative to the RMS force (single forces near a cluster's centre are ~0),
    /// and the normaliser's relative error.</summary>
    private static (double Forces, double Normaliser) Errors(double[] positions, double boxesPerUnit)
    {
        var n = positions.Length / 2;
        var (forces, normaliser) = Exact(positions);
        var repulsion = new double[2 * n];
        var z = new InterpolatedRepulsion(n, boxesPerUnit).Compute(positions, repulsion, new double[n]);
        var scale = Math.Sqrt(forces.Sum(f => f * f) / forces.Length);
        var error = Math.Sqrt(forces.Zip(repulsion, (e, a) => (e - a) * (e - a)).Sum() / forces.Length);
        return (error / scale, Math.Abs(z - normaliser) / normaliser);
    }

    [Theory]
    [InlineData(2000, 0.01)]  // early exaggeration: a map far narrower than the 50 boxes' minimum
    [InlineData(2000, 30)]
    [InlineData(3000, 120)]   // wider than 50 units: about one box per unit
    public void OpenTSne_defaults_come_within_interpolation_error_of_the_sums_over_all_pairs(int n, double width)
    {
        // Dense clusters (400–600 points per unit² at the tightest) stress the near field, where the kernel is
        // sharpest on the scale of a box: about 2 % in the forces, 0.1 % in the normaliser at one box per unit.
        var (forces, normaliser) = Errors(Map(n, width, seed: n), boxesPerUnit: 1);

        Assert.True(forces < 0.03, $"RMS force error {forces:E3} of the typical force");
        Assert.True(normaliser < 2e-3, $"normaliser error {normaliser:E3}");
    }

    [Fact]
    public void Finer_boxes_converge_to_the_sums_over_all_pairs()
    {
        // Three-node Lagrange interpolation: the error falls as the cube of the box width (54 boxes per axis for this
        // 27-unit map at 2 per unit, 216 at 8: below the cap, so the grid sums every iteration).
        var positions = Map(2000, 30, seed: 2000);
        var coarse = Errors(positions, boxesPerUnit: 2);
        var fine = Errors(positions, boxesPerUnit: 8);

        Assert.True(fine.Forces < coarse.Forces / 20, $"forces: {coarse.Forces:E3} at 2 boxes per unit, {fine.Forces:E3} at 8");
        Assert.True(fine.Forces < 1e-4 && fine.Normaliser < 1e-5, $"at 8 boxes per unit: forces {fine.Forces:E3}, normaliser {fine.Normaliser:E3}");
    }

    [Fact]
    public void A_map_too_wide_for_the_grid_is_summed_by_barnes_hut_not_by_blurred_boxes()
    {
        // One outlier 10,000 units away would need 10⁴ boxes per axis (a grid of gigabytes); boxes capped at 256
        // would be 40 units wide, far too coarse for the forces inside the clusters.
        var positions = Map(2000, 30, seed: 4);
        positions[0] = 10_000;
        positions[1] = -10_000;
        var (forces, normaliser) = Exact(positions);
        var repulsion = new double[positions.Length];

        var z = new InterpolatedRepulsion(2000).Compute(positions, repulsion, new double[2000]);

        // Barnes–Hut's accuracy at θ = 0.5 (a few per cent), not the grid's collapse.
        Assert.Equal(normaliser, z, normaliser * 0.02);
        var scale = Math.Sqrt(forces.Sum(f => f * f) / forces.Length);
        var error = Math.Sqrt(forces.Zip(repulsion, (e, a) => (e - a) * (e - a)).Sum() / forces.Length);
        Assert.True(error < 0.05 * scale, $"RMS force error {error:E3} against typical force {scale:E3}");
    }

    [Fact]
    public void Boxes_grow_with_the_map_and_take_fft_lengths()
    {
        Assert.Equal(54, InterpolatedRepulsion.BoxesFor(0.001));
        Assert.Equal(54, InterpolatedRepulsion.BoxesFor(53.5));
        Assert.Equal(64, InterpolatedRepulsion.BoxesFor(55));
        Assert.Equal(108, InterpolatedRepulsion.BoxesFor(100));
    }
}
