using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace GalaxyActors.Core.Linalg;

/// <summary>
/// Dense sweeps over N × width blocks of vectors stored row-major (block[r * width + j] is vector
/// j's entry r), the layout a sparse × block product wants. Rows are cut into fixed blocks processed
/// in parallel and per-block partial sums are added in block order, so results are identical
/// whatever the number of cores.
/// </summary>
/// <remarks>
/// A width that is a multiple of 8 runs in chunks of up to 32 columns held in four Vector512
/// accumulators (registers, not memory, across the summed index); other widths (tiny problems
/// where the block spans the whole space) take a scalar path.
/// </remarks>
internal static class RowBlockKernels
{
    private const int RowBlock = 1024;
    private const int Lanes = 8;
    private const int ChunkColumns = 4 * Lanes;
    private static readonly ParallelOptions Options = new() { MaxDegreeOfParallelism = Environment.ProcessorCount };

    private static int Blocks(int rows) => (rows + RowBlock - 1) / RowBlock;

    /// <summary>True when the vector paths apply to blocks of this width.</summary>
    public static bool Vectorised(int width) => width % Lanes == 0;

    /// <summary>XᵀY (width × width, row-major) for two N × width blocks.</summary>
    public static double[] Gram(double[] x, double[] y, int rows, int width)
    {
        var blocks = Blocks(rows);
        var partials = new double[blocks * width * width];
        Parallel.For(0, blocks, Options, b => GramRows(x, y, width, b * RowBlock, Math.Min(rows, (b + 1) * RowBlock),
            partials, b * width * width));
        var sum = new double[width * width];
        for (var b = 0; b < blocks; b++)
            for (var i = 0; i < sum.Length; i++)
                sum[i] += partials[b * sum.Length + i];
        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void GramRows(double[] x, double[] y, int width, int start, int end, double[] partials, int at)
    {
        fixed (double* xs = x, ys = y, into = &partials[at])
        {
            if (!Vectorised(width))
            {
                for (var r = start; r < end; r++)
                    for (var i = 0; i < width; i++)
                        for (var j = 0; j < width; j++)
                            into[i * width + j] += xs[(long)r * width + i] * ys[(long)r * width + j];
                return;
            }
            for (var i = 0; i < width; i++)
                for (var chunk = 0; chunk < width; chunk += ChunkColumns)
                {
                    var vectors = Math.Min(4, (width - chunk) / Lanes);
                    Vector512<double> a0 = default, a1 = default, a2 = default, a3 = default;
                    for (var r = start; r < end; r++)
                    {
                        var s = Vector512.Create(xs[(long)r * width + i]);
                        var row = ys + (long)r * width + chunk;
                        a0 = Vector512.FusedMultiplyAdd(s, Vector512.Load(row), a0);
                        if (vectors > 1) a1 = Vector512.FusedMultiplyAdd(s, Vector512.Load(row + Lanes), a1);
                        if (vectors > 2) a2 = Vector512.FusedMultiplyAdd(s, Vector512.Load(row + 2 * Lanes), a2);
                        if (vectors > 3) a3 = Vector512.FusedMultiplyAdd(s, Vector512.Load(row + 3 * Lanes), a3);
                    }
                    var target = into + i * width + chunk;
                    a0.Store(target);
                    if (vectors > 1) a1.Store(target + Lanes);
                    if (vectors > 2) a2.Store(target + 2 * Lanes);
                    if (vectors > 3) a3.Store(target + 3 * Lanes);
                }
        }
    }

    /// <summary>X ← X·S in place for an N × width block and a width × width matrix S (row-major).</summary>
    public static void MultiplyInPlace(double[] x, int rows, int width, double[] s)
    {
        Parallel.For(0, Blocks(rows), Options, b => MultiplyRows(x, width, s, b * RowBlock, Math.Min(rows, (b + 1) * RowBlock)));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void MultiplyRows(double[] x, int width, double[] s, int start, int end)
    {
        var output = new double[width];
        fixed (double* xs = x, ss = s, outs = output)
        {
            for (var r = start; r < end; r++)
            {
                var row = xs + (long)r * width;
                if (!Vectorised(width))
                {
                    for (var j = 0; j < width; j++)
                    {
                        double sum = 0;
                        for (var i = 0; i < width; i++)
                            sum += row[i] * ss[i * width + j];
                        outs[j] = sum;
                    }
                }
                else
                {
                    for (var chunk = 0; chunk < width; chunk += ChunkColumns)
                    {
                        var vectors = Math.Min(4, (width - chunk) / Lanes);
                        Vector512<double> a0 = default, a1 = default, a2 = default, a3 = default;
                        for (var i = 0; i < width; i++)
                        {
                            var c = Vector512.Create(row[i]);
                            var sRow = ss + i * width + chunk;
                            a0 = Vector512.FusedMultiplyAdd(c, Vector512.Load(sRow), a0);
                            if (vectors > 1) a1 = Vector512.FusedMultiplyAdd(c, Vector512.Load(sRow + Lanes), a1);
                            if (vectors > 2) a2 = Vector512.FusedMultiplyAdd(c, Vector512.Load(sRow + 2 * Lanes), a2);
                            if (vectors > 3) a3 = Vector512.FusedMultiplyAdd(c, Vector512.Load(sRow + 3 * Lanes), a3);
                        }
                        a0.Store(outs + chunk);
                        if (vectors > 1) a1.Store(outs + chunk + Lanes);
                        if (vectors > 2) a2.Store(outs + chunk + 2 * Lanes);
                        if (vectors > 3) a3.Store(outs + chunk + 3 * Lanes);
                    }
                }
                new ReadOnlySpan<double>(outs, width).CopyTo(new Span<double>(row, width));
            }
        }
    }

    /// <summary>‖Z_j − θ_j X_j‖ for the first <paramref name="count"/> columns: residuals of Ritz pairs.</summary>
    public static double[] ResidualNorms(double[] z, double[] x, double[] theta, int rows, int width, int count)
    {
        var blocks = Blocks(rows);
        var partials = new double[blocks * count];
        Parallel.For(0, blocks, Options, b =>
            ResidualRows(z, x, theta, width, count, b * RowBlock, Math.Min(rows, (b + 1) * RowBlock), partials.AsSpan(b * count, count)));
        var norms = new double[count];
        for (var b = 0; b < blocks; b++)
            for (var j = 0; j < count; j++)
                norms[j] += partials[b * count + j];
        for (var j = 0; j < count; j++)
            norms[j] = Math.Sqrt(norms[j]);
        return norms;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ResidualRows(double[] z, double[] x, double[] theta, int width, int count, int start, int end, Span<double> into)
    {
        for (var r = start; r < end; r++)
            for (var j = 0; j < count; j++)
            {
                var d = z[(long)r * width + j] - theta[j] * x[(long)r * width + j];
                into[j] += d * d;
            }
    }
}
