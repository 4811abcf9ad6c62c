using System.Numerics;
using GalaxyActors.Core.Linalg;

namespace GalaxyActors.Core.Tests.Linalg;

public class GridFftTests
{
    /// <summary>The 2-D DFT by its definition, O(L⁴): the independent answer.</summary>
    private static Complex[,] Dft(Complex[,] x, int sign)
    {
        var l = x.GetLength(0);
        var result = new Complex[l, l];
        for (var u = 0; u < l; u++)
            for (var v = 0; v < l; v++)
            {
                var sum = Complex.Zero;
                for (var r = 0; r < l; r++)
                    for (var c = 0; c < l; c++)
                        sum += x[r, c] * Complex.FromPolarCoordinates(1, sign * 2 * Math.PI * ((u * r + v * c) % l) / l);
                result[u, v] = sum;
            }
        return result;
    }

    private static Complex[,] RandomGrid(int length, int liveColumns, int seed)
    {
        var random = new Random(seed);
        var grid = new Complex[length, length];
        for (var r = 0; r < length; r++)
            for (var c = 0; c < liveColumns; c++)
                grid[r, c] = new Complex(random.NextDouble() - 0.5, random.NextDouble() - 0.5);
        return grid;
    }

    private static ComplexGrid Load(GridFft fft, Complex[,] values)
    {
        var grid = fft.NewGrid();
        for (var r = 0; r < fft.Length; r++)
            for (var c = 0; c < fft.Length; c++)
            {
                grid.Re[r * grid.Stride + c] = values[r, c].Real;
                grid.Im[r * grid.Stride + c] = values[r, c].Imaginary;
            }
        return grid;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(6)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(12)]
    [InlineData(18)]
    [InlineData(24)]
    [InlineData(32)]
    [InlineData(54)]
    public void The_forward_transform_equals_the_dft_held_transposed(int length)
    {
        var fft = new GridFft(length);
        var live = Math.Max(1, length / 2);
        var values = RandomGrid(length, live, seed: length);
        var grid = Load(fft, values);
        // Stale values in the spare buffers must not leak into the columns the first pass skips.
        grid.SpareRe.AsSpan().Fill(7);
        grid.SpareIm.AsSpan().Fill(-3);

        fft.Transform(grid, inverse: false, liveColumns: live);

        var expected = Dft(values, -1);
        for (var u = 0; u < length; u++)
            for (var v = 0; v < length; v++)
            {
                Assert.Equal(expected[u, v].Real, grid.Re[v * grid.Stride + u], 1e-9);
                Assert.Equal(expected[u, v].Imaginary, grid.Im[v * grid.Stride + u], 1e-9);
            }
    }

    [Theory]
    [InlineData(12)]
    [InlineData(96)]
    [InlineData(324)]
    public void The_inverse_undoes_the_forward_up_to_the_grid_size(int length)
    {
        var fft = new GridFft(length);
        var values = RandomGrid(length, length, seed: 5);
        var grid = Load(fft, values);

        fft.Transform(grid, inverse: false, liveColumns: length);
        fft.Transform(grid, inverse: true, liveColumns: length);

        var scale = (double)length * length;
        for (var r = 0; r < length; r++)
            for (var c = 0; c < length; c++)
            {
                Assert.Equal(values[r, c].Real, grid.Re[r * grid.Stride + c] / scale, 1e-12);
                Assert.Equal(values[r, c].Imaginary, grid.Im[r * grid.Stride + c] / scale, 1e-12);
            }
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(5, 6)]
    [InlineData(50, 54)]
    [InlineData(300, 324)]
    [InlineData(325, 384)]
    [InlineData(1000, 1024)]
    public void Smooth_lengths_are_the_next_product_of_twos_and_threes(int n, int expected) =>
        Assert.Equal(expected, GridFft.SmoothLengthAtLeast(n));

    [Fact]
    public void Lengths_with_other_factors_are_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new GridFft(10));
}
