using GalaxyActors.Core.Linalg;
using GalaxyActors.Core.Projection;

namespace GalaxyActors.Core.Tests.Projection;

public class TSneTests
{
    /// <summary>Five tight, far-apart Gaussian blobs of 200 points in 20-D, blob = index / 200.</summary>
    public const int PerBlob = 200;

    internal static RowMatrix Blobs(int seed)
    {
        const int blobs = 5, perBlob = PerBlob, d = 20;
        var random = new Random(seed);
        var points = new RowMatrix(blobs * perBlob, d);
        var centres = new double[blobs, d];
        for (var b = 0; b < blobs; b++)
            for (var c = 0; c < d; c++)
                centres[b, c] = 10 * Gaussian(random);
        for (var i = 0; i < points.Rows; i++)
            for (var c = 0; c < d; c++)
                points[i, c] = (float)(centres[i / perBlob, c] + Gaussian(random));
        return points;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());

    [Fact]
    public void A_cancelled_map_stops_within_an_iteration()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => TSne.Embed(Blobs(seed: 1), new TSneOptions(), cancellation.Token));
    }

    [Theory]
    [InlineData(TSneRepulsion.BarnesHut)]
    [InlineData(TSneRepulsion.Fft)]
    public void Well_separated_blobs_stay_separated_in_the_map(TSneRepulsion repulsion)
    {
        var points = Blobs(seed: 1);
        var map = TSne.Embed(points, new TSneOptions { Seed = 3, Repulsion = repulsion });

        Assert.Equal(2 * points.Rows, map.Length);
        Assert.All(map, value => Assert.True(float.IsFinite(value)));
        // Share of each point's 10 nearest map neighbours that come from its own blob.
        var n = points.Rows;
        long same = 0;
        var distances = new double[n];
        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var dx = map[2 * i] - map[2 * j];
                var dy = map[2 * i + 1] - map[2 * j + 1];
                distances[j] = j == i ? double.MaxValue : dx * dx + dy * dy;
                order[j] = j;
            }
            Array.Sort((double[])distances.Clone(), order);
            for (var r = 0; r < 10; r++)
                if (order[r] / 200 == i / 200)
                    same++;
        }
        Assert.True(same > 0.95 * n * 10, $"only {same} of {n * 10} map neighbours share the blob");
    }

    [Theory]
    [InlineData(TSneRepulsion.BarnesHut)]
    [InlineData(TSneRepulsion.Fft)]
    public void Same_options_give_identical_maps(TSneRepulsion repulsion)
    {
        var points = Blobs(seed: 2);
        var options = new TSneOptions { Iterations = 150, ExaggerationIterations = 100, Initialization = TSneInitialization.Random, Seed = 9, Repulsion = repulsion };
        var first = TSne.Embed(points, options);
        var second = TSne.Embed(points, options);
        var otherSeed = TSne.Embed(points, options with { Seed = 10 });

        Assert.Equal(first, second);
        Assert.NotEqual(first, otherSeed);
    }

    [Fact]
    public void Kl_divergence_falls_as_the_optimisation_runs()
    {
        var points = Blobs(seed: 4);
        TSne.Embed(points, new TSneOptions { Iterations = 1, ExaggerationIterations = 0 }, out var initial);
        TSne.Embed(points, new TSneOptions { Iterations = 300 }, out var early);
        TSne.Embed(points, new TSneOptions { Iterations = 750 }, out var final);

        Assert.True(early < initial, $"KL after 300 iterations {early:F4} not below the start {initial:F4}");
        Assert.True(final < early, $"KL after 750 iterations {final:F4} not below 300 iterations {early:F4}");
        Assert.True(final > 0);
    }

    [Fact]
    public void Exact_and_barnes_hut_gradients_reach_similar_divergence()
    {
        // θ = 0 opens every cell, so the repulsion is summed exactly over all pairs: the approximation
        // at θ = 0.5 should land close to that optimum, not somewhere else.
        var points = Blobs(seed: 5);
        TSne.Embed(points, new TSneOptions { Iterations = 500, Theta = 0, Repulsion = TSneRepulsion.BarnesHut }, out var exact);
        TSne.Embed(points, new TSneOptions { Iterations = 500, Theta = 0.5, Repulsion = TSneRepulsion.BarnesHut }, out var approximate);

        Assert.InRange(approximate, 0.8 * exact, 1.2 * exact);
    }

    [Fact]
    public void Exact_and_fft_interpolated_gradients_reach_similar_divergence()
    {
        var points = Blobs(seed: 5);
        TSne.Embed(points, new TSneOptions { Iterations = 500, Theta = 0, Repulsion = TSneRepulsion.BarnesHut }, out var exact);
        TSne.Embed(points, new TSneOptions { Iterations = 500, Repulsion = TSneRepulsion.Fft }, out var interpolated);

        Assert.InRange(interpolated, 0.8 * exact, 1.2 * exact);
    }

    /// <summary>2,000 points uniform in a unit square, turned into 10-D by a random rotation: the neighbourhoods a
    /// faithful 2-D map can keep are all of them.</summary>
    private static RowMatrix SheetIn10D(int seed)
    {
        const int n = 2000, d = 10;
        var random = new Random(seed);
        var axes = new double[2, d];
        for (var a = 0; a < 2; a++)
        {
            for (var c = 0; c < d; c++)
                axes[a, c] = Gaussian(random);
            if (a == 1)
            {
                double dot = 0;
                for (var c = 0; c < d; c++)
                    dot += axes[0, c] * axes[1, c];
                for (var c = 0; c < d; c++)
                    axes[1, c] -= dot * axes[0, c];
            }
            var norm = Math.Sqrt(Enumerable.Range(0, d).Sum(c => axes[a, c] * axes[a, c]));
            for (var c = 0; c < d; c++)
                axes[a, c] /= norm;
        }
        var points = new RowMatrix(n, d);
        for (var i = 0; i < n; i++)
        {
            var u = random.NextDouble();
            var v = random.NextDouble();
            for (var c = 0; c < d; c++)
                points[i, c] = (float)(u * axes[0, c] + v * axes[1, c]);
        }
        return points;
    }

    [Fact]
    public void A_flat_sheet_keeps_most_neighbourhoods_with_either_repulsion()
    {
        // A random map keeps k/N = 0.005 of the 10 nearest; t-SNE of a flat sheet keeps most of them (0.850 Barnes–Hut,
        // 0.845 FFT, measured), so 0.75 fails a map that tears or folds the sheet.
        var points = SheetIn10D(seed: 8);
        var barnesHut = NeighbourPreservation.Measure(points, TSne.Embed(points, new TSneOptions { Repulsion = TSneRepulsion.BarnesHut }), k: 10, sample: 2000);
        var fft = NeighbourPreservation.Measure(points, TSne.Embed(points, new TSneOptions { Repulsion = TSneRepulsion.Fft }), k: 10, sample: 2000);

        Assert.True(barnesHut > 0.75, $"Barnes–Hut keeps {barnesHut:F3}");
        Assert.True(fft > 0.75, $"FFT keeps {fft:F3}");
        Assert.InRange(fft - barnesHut, -0.03, 0.03);
    }

    [Fact]
    public void Auto_takes_barnes_hut_for_small_maps_and_fft_from_ten_thousand_points()
    {
        var options = new TSneOptions();
        Assert.Equal(TSneRepulsion.BarnesHut, options.RepulsionFor(TSneOptions.FftAbove - 1));
        Assert.Equal(TSneRepulsion.Fft, options.RepulsionFor(TSneOptions.FftAbove));
        Assert.Equal(TSneRepulsion.BarnesHut, (options with { Repulsion = TSneRepulsion.BarnesHut }).RepulsionFor(10 * TSneOptions.FftAbove));
    }

    [Fact]
    public void Too_few_points_or_too_large_perplexity_are_rejected()
    {
        Assert.Throws<InvalidInputException>(() => TSne.Embed(new RowMatrix(2, 3), new TSneOptions()));
        Assert.Throws<InvalidInputException>(() => TSne.Embed(new RowMatrix(20, 3), new TSneOptions { Perplexity = 20 }));
    }
}
