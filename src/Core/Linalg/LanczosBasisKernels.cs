using System.Runtime.InteropServices;
using MathNet.Numerics.LinearAlgebra;
using Vector = System.Numerics.Vector;
using SimdDouble = System.Numerics.Vector<double>;

namespace GalaxyActors.Core.Linalg;

/// <summary>
/// The memory-bound sweeps of Lanczos over its N × basis block (row-major, rows padded to whole
/// SIMD vectors, unused columns zero). Rows are cut into fixed blocks processed in parallel, and
/// per-block partial sums are added in block order, so results are identical whatever the number
/// of cores.
/// </summary>
internal sealed class BasisKernels
{
    private const int RowBlock = 2048;
    private readonly double[] _basis;
    private readonly int _size;
    private readonly int _blocks;
    private readonly double[] _partials;
    private readonly double[] _first;
    private readonly double[] _second;
    private static readonly ParallelOptions Options = new() { MaxDegreeOfParallelism = Environment.ProcessorCount };

    public BasisKernels(double[] basis, int stride, int size)
    {
        _basis = basis;
        Stride = stride;
        _size = size;
        _blocks = (size + RowBlock - 1) / RowBlock;
        _partials = new double[_blocks * stride];
        _first = new double[stride];
        _second = new double[stride];
    }

    public int Stride { get; }

    private static int Width(int active) => (active + SimdDouble.Count - 1) / SimdDouble.Count * SimdDouble.Count;

    /// <summary>
    /// Classical Gram–Schmidt twice against the first <paramref name="active"/> columns:
    /// h₁ = Vᵀw; w −= V h₁ fused with h₂ = Vᵀw; w −= V h₂. Writes h₁ + h₂ into <paramref name="coefficients"/>.
    /// </summary>
    public void Orthogonalise(int active, double[] w, double[] coefficients)
    {
        var width = Width(active);
        Array.Clear(_partials);
        Parallel.For(0, _blocks, Options, b => ProjectBlock(b, width, w));
        SumPartials(_first, width);
        Array.Clear(_partials);
        Parallel.For(0, _blocks, Options, b => SubtractAndProjectBlock(b, width, w, _first));
        SumPartials(_second, width);
        Parallel.For(0, _blocks, Options, b => SubtractBlock(b, width, w, _second));
        Array.Clear(coefficients);
        for (var i = 0; i < active; i++)
            coefficients[i] = _first[i] + _second[i];
    }

    /// <summary>
    /// Replaces columns 0..keep) by V·Y[:, 0..keep) (Ritz vectors) and zeroes the rest of each row,
    /// row by row in place.
    /// </summary>
    public void Recombine(int active, Matrix<double> y, int keep)
    {
        var width = Width(Math.Max(active, keep));
        // Only the first keep columns of the product are needed: the sweep over Y runs over those.
        var keepWidth = Width(keep);
        var yRows = new double[active * Stride]; // yRows[i * Stride + k] = Y[i, k]
        for (var i = 0; i < active; i++)
            for (var k = 0; k < keep; k++)
                yRows[i * Stride + k] = y[i, k];
        Parallel.For(0, _blocks, Options, b =>
        {
            var stride = Stride;
            var row = new double[width];
            var output = new double[width];
            var end = Math.Min(_size, (b + 1) * RowBlock);
            for (var r = b * RowBlock; r < end; r++)
            {
                var source = _basis.AsSpan(r * stride, width);
                source.CopyTo(row);
                Array.Clear(output);
                var outVectors = MemoryMarshal.Cast<double, SimdDouble>(output.AsSpan(0, keepWidth));
                var yVectors = MemoryMarshal.Cast<double, SimdDouble>(yRows.AsSpan());
                var vectorsPerRow = stride / SimdDouble.Count;
                // One output vector at a time, summed over i in a register (Y is small and stays in L1).
                for (var v = 0; v < outVectors.Length; v++)
                {
                    var sum = SimdDouble.Zero;
                    for (var i = 0; i < active; i++)
                        sum += new SimdDouble(row[i]) * yVectors[i * vectorsPerRow + v];
                    outVectors[v] = sum;
                }
                output.AsSpan(0, keep).CopyTo(source);
                source[keep..].Clear();
            }
        });
    }

    private void SumPartials(double[] into, int width)
    {
        Array.Clear(into);
        for (var b = 0; b < _blocks; b++)
            for (var i = 0; i < width; i++)
                into[i] += _partials[b * Stride + i];
    }

    // The sweeps below take rows four at a time: the per-block accumulator (a few dozen doubles)
    // is then loaded and stored once per four rows instead of once per row, and the four rows'
    // dot products are independent chains. The grouping is fixed, so results stay deterministic.

    private void ProjectBlock(int block, int width, double[] w)
    {
        var accumulator = MemoryMarshal.Cast<double, SimdDouble>(_partials.AsSpan(block * Stride, width));
        var end = Math.Min(_size, (block + 1) * RowBlock);
        var r = block * RowBlock;
        for (; r + 4 <= end; r += 4)
        {
            var row0 = Row(r, width);
            var row1 = Row(r + 1, width);
            var row2 = Row(r + 2, width);
            var row3 = Row(r + 3, width);
            var w0 = new SimdDouble(w[r]);
            var w1 = new SimdDouble(w[r + 1]);
            var w2 = new SimdDouble(w[r + 2]);
            var w3 = new SimdDouble(w[r + 3]);
            for (var v = 0; v < accumulator.Length; v++)
                accumulator[v] += row0[v] * w0 + row1[v] * w1 + (row2[v] * w2 + row3[v] * w3);
        }
        for (; r < end; r++)
        {
            var row = Row(r, width);
            var wr = new SimdDouble(w[r]);
            for (var v = 0; v < row.Length; v++)
                accumulator[v] += row[v] * wr;
        }
    }

    private void SubtractAndProjectBlock(int block, int width, double[] w, double[] h)
    {
        var accumulator = MemoryMarshal.Cast<double, SimdDouble>(_partials.AsSpan(block * Stride, width));
        var hv = MemoryMarshal.Cast<double, SimdDouble>(h.AsSpan(0, width));
        var end = Math.Min(_size, (block + 1) * RowBlock);
        var r = block * RowBlock;
        for (; r + 4 <= end; r += 4)
        {
            var row0 = Row(r, width);
            var row1 = Row(r + 1, width);
            var row2 = Row(r + 2, width);
            var row3 = Row(r + 3, width);
            SimdDouble d0 = SimdDouble.Zero, d1 = SimdDouble.Zero, d2 = SimdDouble.Zero, d3 = SimdDouble.Zero;
            for (var v = 0; v < hv.Length; v++)
            {
                d0 += row0[v] * hv[v];
                d1 += row1[v] * hv[v];
                d2 += row2[v] * hv[v];
                d3 += row3[v] * hv[v];
            }
            var u0 = w[r] - Vector.Sum(d0);
            var u1 = w[r + 1] - Vector.Sum(d1);
            var u2 = w[r + 2] - Vector.Sum(d2);
            var u3 = w[r + 3] - Vector.Sum(d3);
            w[r] = u0;
            w[r + 1] = u1;
            w[r + 2] = u2;
            w[r + 3] = u3;
            var w0 = new SimdDouble(u0);
            var w1 = new SimdDouble(u1);
            var w2 = new SimdDouble(u2);
            var w3 = new SimdDouble(u3);
            for (var v = 0; v < accumulator.Length; v++)
                accumulator[v] += row0[v] * w0 + row1[v] * w1 + (row2[v] * w2 + row3[v] * w3);
        }
        for (; r < end; r++)
        {
            var row = Row(r, width);
            var dot = SimdDouble.Zero;
            for (var v = 0; v < row.Length; v++)
                dot += row[v] * hv[v];
            var updated = w[r] - Vector.Sum(dot);
            w[r] = updated;
            var wr = new SimdDouble(updated);
            for (var v = 0; v < row.Length; v++)
                accumulator[v] += row[v] * wr;
        }
    }

    private void SubtractBlock(int block, int width, double[] w, double[] h)
    {
        var hv = MemoryMarshal.Cast<double, SimdDouble>(h.AsSpan(0, width));
        var end = Math.Min(_size, (block + 1) * RowBlock);
        var r = block * RowBlock;
        for (; r + 4 <= end; r += 4)
        {
            var row0 = Row(r, width);
            var row1 = Row(r + 1, width);
            var row2 = Row(r + 2, width);
            var row3 = Row(r + 3, width);
            SimdDouble d0 = SimdDouble.Zero, d1 = SimdDouble.Zero, d2 = SimdDouble.Zero, d3 = SimdDouble.Zero;
            for (var v = 0; v < hv.Length; v++)
            {
                d0 += row0[v] * hv[v];
                d1 += row1[v] * hv[v];
                d2 += row2[v] * hv[v];
                d3 += row3[v] * hv[v];
            }
            w[r] -= Vector.Sum(d0);
            w[r + 1] -= Vector.Sum(d1);
            w[r + 2] -= Vector.Sum(d2);
            w[r + 3] -= Vector.Sum(d3);
        }
        for (; r < end; r++)
        {
            var row = Row(r, width);
            var dot = SimdDouble.Zero;
            for (var v = 0; v < row.Length; v++)
                dot += row[v] * hv[v];
            w[r] -= Vector.Sum(dot);
        }
    }

    private ReadOnlySpan<SimdDouble> Row(int r, int width) =>
        MemoryMarshal.Cast<double, SimdDouble>(new ReadOnlySpan<double>(_basis, r * Stride, width));
}
