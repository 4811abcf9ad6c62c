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
                var outVectors = MemoryMarshal.Cast<double, SimdDouble>(output.AsSpan());
                for (var i = 0; i < active; i++)
                {
                    var coefficient = new SimdDouble(row[i]);
                    var yVectors = MemoryMarshal.Cast<double, SimdDouble>(yRows.AsSpan(i * stride, width));
                    for (var v = 0; v < outVectors.Length; v++)
                        outVectors[v] += coefficient * yVectors[v];
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

    private void ProjectBlock(int block, int width, double[] w)
    {
        var accumulator = MemoryMarshal.Cast<double, SimdDouble>(_partials.AsSpan(block * Stride, width));
        var end = Math.Min(_size, (block + 1) * RowBlock);
        for (var r = block * RowBlock; r < end; r++)
        {
            var row = MemoryMarshal.Cast<double, SimdDouble>(_basis.AsSpan(r * Stride, width));
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
        for (var r = block * RowBlock; r < end; r++)
        {
            var row = MemoryMarshal.Cast<double, SimdDouble>(_basis.AsSpan(r * Stride, width));
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
        for (var r = block * RowBlock; r < end; r++)
        {
            var row = MemoryMarshal.Cast<double, SimdDouble>(_basis.AsSpan(r * Stride, width));
            var dot = SimdDouble.Zero;
            for (var v = 0; v < row.Length; v++)
                dot += row[v] * hv[v];
            w[r] -= Vector.Sum(dot);
        }
    }
}
