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
/// Each sweep handles two blocks at once (X and Z = A·X in the eigen-solver), so one pass over
/// memory serves both, and the FMAs of the two (or, for the Gram matrices, of two columns) run as
/// independent chains: a width-24 sweep keeps 6–12 Vector512 accumulators busy instead of waiting
/// on one chain's FMA latency. A width that is a multiple of 8 runs in chunks of up to 32 columns;
/// other widths (tiny problems where the block spans the whole space) take a scalar path.
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

    /// <summary>
    /// XᵀX and, when <paramref name="z"/> is given, XᵀZ (each width × width, row-major) for N × width
    /// blocks, in one pass over both. <c>Cross</c> is empty when <paramref name="z"/> is null.
    /// </summary>
    public static (double[] Gram, double[] Cross) GramPair(double[] x, double[]? z, int rows, int width)
    {
        var blocks = Blocks(rows);
        var square = width * width;
        var stride = z == null ? square : 2 * square;
        var partials = new double[blocks * stride];
        Parallel.For(0, blocks, Options, b => GramRows(x, z, width, b * RowBlock, Math.Min(rows, (b + 1) * RowBlock),
            partials.AsSpan(b * stride, stride)));
        var gram = new double[square];
        var cross = z == null ? [] : new double[square];
        for (var b = 0; b < blocks; b++)
        {
            var part = partials.AsSpan(b * stride, stride);
            for (var i = 0; i < square; i++)
                gram[i] += part[i];
            for (var i = 0; i < cross.Length; i++)
                cross[i] += part[square + i];
        }
        return (gram, cross);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void GramRows(double[] x, double[]? z, int width, int start, int end, Span<double> partial)
    {
        var square = width * width;
        fixed (double* xs = x, zs = z, into = partial)
        {
            if (!Vectorised(width))
            {
                for (var r = start; r < end; r++)
                    for (var i = 0; i < width; i++)
                    {
                        var xi = xs[(long)r * width + i];
                        for (var j = 0; j < width; j++)
                        {
                            into[i * width + j] += xi * xs[(long)r * width + j];
                            if (zs != null)
                                into[square + i * width + j] += xi * zs[(long)r * width + j];
                        }
                    }
                return;
            }
            // Two columns i, i + 1 of X per sweep (width is even here): up to 16 independent accumulators.
            for (var i = 0; i < width; i += 2)
                for (var chunk = 0; chunk < width; chunk += ChunkColumns)
                {
                    var vectors = Math.Min(4, (width - chunk) / Lanes);
                    Vector512<double> g0 = default, g1 = default, g2 = default, g3 = default;
                    Vector512<double> k0 = default, k1 = default, k2 = default, k3 = default;
                    Vector512<double> h0 = default, h1 = default, h2 = default, h3 = default;
                    Vector512<double> m0 = default, m1 = default, m2 = default, m3 = default;
                    for (var r = start; r < end; r++)
                    {
                        var xRow = xs + (long)r * width;
                        var s = Vector512.Create(xRow[i]);
                        var t = Vector512.Create(xRow[i + 1]);
                        var row = xRow + chunk;
                        var v = Vector512.Load(row);
                        g0 = Vector512.FusedMultiplyAdd(s, v, g0);
                        k0 = Vector512.FusedMultiplyAdd(t, v, k0);
                        if (vectors > 1) { v = Vector512.Load(row + Lanes); g1 = Vector512.FusedMultiplyAdd(s, v, g1); k1 = Vector512.FusedMultiplyAdd(t, v, k1); }
                        if (vectors > 2) { v = Vector512.Load(row + 2 * Lanes); g2 = Vector512.FusedMultiplyAdd(s, v, g2); k2 = Vector512.FusedMultiplyAdd(t, v, k2); }
                        if (vectors > 3) { v = Vector512.Load(row + 3 * Lanes); g3 = Vector512.FusedMultiplyAdd(s, v, g3); k3 = Vector512.FusedMultiplyAdd(t, v, k3); }
                        if (zs == null)
                            continue;
                        var zRow = zs + (long)r * width + chunk;
                        v = Vector512.Load(zRow);
                        h0 = Vector512.FusedMultiplyAdd(s, v, h0);
                        m0 = Vector512.FusedMultiplyAdd(t, v, m0);
                        if (vectors > 1) { v = Vector512.Load(zRow + Lanes); h1 = Vector512.FusedMultiplyAdd(s, v, h1); m1 = Vector512.FusedMultiplyAdd(t, v, m1); }
                        if (vectors > 2) { v = Vector512.Load(zRow + 2 * Lanes); h2 = Vector512.FusedMultiplyAdd(s, v, h2); m2 = Vector512.FusedMultiplyAdd(t, v, m2); }
                        if (vectors > 3) { v = Vector512.Load(zRow + 3 * Lanes); h3 = Vector512.FusedMultiplyAdd(s, v, h3); m3 = Vector512.FusedMultiplyAdd(t, v, m3); }
                    }
                    Store(into + i * width + chunk, vectors, g0, g1, g2, g3);
                    Store(into + (i + 1) * width + chunk, vectors, k0, k1, k2, k3);
                    if (zs == null)
                        continue;
                    Store(into + square + i * width + chunk, vectors, h0, h1, h2, h3);
                    Store(into + square + (i + 1) * width + chunk, vectors, m0, m1, m2, m3);
                }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Store(double* target, int vectors, Vector512<double> a0, Vector512<double> a1, Vector512<double> a2, Vector512<double> a3)
    {
        a0.Store(target);
        if (vectors > 1) a1.Store(target + Lanes);
        if (vectors > 2) a2.Store(target + 2 * Lanes);
        if (vectors > 3) a3.Store(target + 3 * Lanes);
    }

    /// <summary>
    /// X ← X·S and, when <paramref name="z"/> is given, Z ← Z·S, in place, for N × width blocks and a
    /// width × width matrix S (row-major). With <paramref name="theta"/> (and Z) it also returns
    /// ‖Z_j − θ_j X_j‖ of the rotated columns j &lt; <paramref name="count"/> — the residuals of Ritz
    /// pairs when Z = A·X — from the same pass; otherwise an empty array.
    /// </summary>
    public static double[] RotatePair(double[] x, double[]? z, int rows, int width, double[] s, double[]? theta = null, int count = 0)
    {
        var blocks = Blocks(rows);
        var withResiduals = z != null && theta != null;
        var partials = withResiduals ? new double[blocks * width] : [];
        Parallel.For(0, blocks, Options, b => RotateRows(x, z, width, s, b * RowBlock, Math.Min(rows, (b + 1) * RowBlock),
            withResiduals ? theta : null, withResiduals ? partials.AsSpan(b * width, width) : default));
        if (!withResiduals)
            return [];
        var norms = new double[count];
        for (var b = 0; b < blocks; b++)
            for (var j = 0; j < count; j++)
                norms[j] += partials[b * width + j];
        for (var j = 0; j < count; j++)
            norms[j] = Math.Sqrt(norms[j]);
        return norms;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void RotateRows(double[] x, double[]? z, int width, double[] s, int start, int end, double[]? theta, Span<double> squares)
    {
        var buffer = new double[2 * width];
        fixed (double* xs = x, zs = z, ss = s, outX = buffer, into = squares, thetas = theta)
        {
            var outZ = outX + width;
            for (var r = start; r < end; r++)
            {
                var xRow = xs + (long)r * width;
                var zRow = zs == null ? null : zs + (long)r * width;
                if (!Vectorised(width))
                {
                    for (var j = 0; j < width; j++)
                    {
                        double sx = 0, sz = 0;
                        for (var i = 0; i < width; i++)
                        {
                            sx += xRow[i] * ss[i * width + j];
                            if (zRow != null)
                                sz += zRow[i] * ss[i * width + j];
                        }
                        outX[j] = sx;
                        outZ[j] = sz;
                    }
                }
                else
                {
                    for (var chunk = 0; chunk < width; chunk += ChunkColumns)
                    {
                        var vectors = Math.Min(4, (width - chunk) / Lanes);
                        Vector512<double> a0 = default, a1 = default, a2 = default, a3 = default;
                        Vector512<double> b0 = default, b1 = default, b2 = default, b3 = default;
                        for (var i = 0; i < width; i++)
                        {
                            var sRow = ss + i * width + chunk;
                            var c = Vector512.Create(xRow[i]);
                            var s0 = Vector512.Load(sRow);
                            var s1 = vectors > 1 ? Vector512.Load(sRow + Lanes) : default;
                            var s2 = vectors > 2 ? Vector512.Load(sRow + 2 * Lanes) : default;
                            var s3 = vectors > 3 ? Vector512.Load(sRow + 3 * Lanes) : default;
                            a0 = Vector512.FusedMultiplyAdd(c, s0, a0);
                            if (vectors > 1) a1 = Vector512.FusedMultiplyAdd(c, s1, a1);
                            if (vectors > 2) a2 = Vector512.FusedMultiplyAdd(c, s2, a2);
                            if (vectors > 3) a3 = Vector512.FusedMultiplyAdd(c, s3, a3);
                            if (zRow == null)
                                continue;
                            var d = Vector512.Create(zRow[i]);
                            b0 = Vector512.FusedMultiplyAdd(d, s0, b0);
                            if (vectors > 1) b1 = Vector512.FusedMultiplyAdd(d, s1, b1);
                            if (vectors > 2) b2 = Vector512.FusedMultiplyAdd(d, s2, b2);
                            if (vectors > 3) b3 = Vector512.FusedMultiplyAdd(d, s3, b3);
                        }
                        if (width <= ChunkColumns)
                        {
                            // One chunk holds the whole row: every entry of it has been read, so the
                            // rotated row goes straight back, and the residuals come from registers.
                            Store(xRow, vectors, a0, a1, a2, a3);
                            if (zRow == null)
                                break;
                            Store(zRow, vectors, b0, b1, b2, b3);
                            if (thetas == null)
                                break;
                            var d = b0 - Vector512.Load(thetas) * a0;
                            Vector512.FusedMultiplyAdd(d, d, Vector512.Load(into)).Store(into);
                            if (vectors > 1) { d = b1 - Vector512.Load(thetas + Lanes) * a1; Vector512.FusedMultiplyAdd(d, d, Vector512.Load(into + Lanes)).Store(into + Lanes); }
                            if (vectors > 2) { d = b2 - Vector512.Load(thetas + 2 * Lanes) * a2; Vector512.FusedMultiplyAdd(d, d, Vector512.Load(into + 2 * Lanes)).Store(into + 2 * Lanes); }
                            if (vectors > 3) { d = b3 - Vector512.Load(thetas + 3 * Lanes) * a3; Vector512.FusedMultiplyAdd(d, d, Vector512.Load(into + 3 * Lanes)).Store(into + 3 * Lanes); }
                            break;
                        }
                        Store(outX + chunk, vectors, a0, a1, a2, a3);
                        Store(outZ + chunk, vectors, b0, b1, b2, b3);
                    }
                    if (width <= ChunkColumns)
                        continue;
                }
                new ReadOnlySpan<double>(outX, width).CopyTo(new Span<double>(xRow, width));
                if (zRow == null)
                    continue;
                new ReadOnlySpan<double>(outZ, width).CopyTo(new Span<double>(zRow, width));
                if (thetas == null)
                    continue;
                for (var j = 0; j < width; j++)
                {
                    var residual = outZ[j] - thetas[j] * outX[j];
                    into[j] += residual * residual;
                }
            }
        }
    }
}
