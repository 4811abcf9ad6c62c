using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using MathNet.Numerics.LinearAlgebra;

namespace GalaxyActors.Core.Linalg;

/// <summary>
/// y = α·(A − σI)·x + β·z for N × width blocks stored row-major (block[r * width + j] is vector j's
/// entry r), A symmetric and never stored densely; <paramref name="add"/> may be null (β ignored).
/// One call is one pass over A: the Chebyshev three-term recurrence runs fused into the product.
/// T is double, or float for a single-precision product used by the early filters.
/// </summary>
public delegate void ShiftedBlockOperator<T>(T[] x, T[] y, int width, double alpha, double shift, T[]? add, double addScale);

/// <summary>Projects every column of a row-major N × width block, in place, onto the complement of a known invariant subspace.</summary>
public delegate void BlockDeflation(double[] block, int width);

/// <summary>
/// The smallest eigenpairs of a large sparse symmetric operator by Chebyshev-filtered subspace
/// iteration (Zhou &amp; Saad 2007). A block of a few more vectors than wanted is multiplied by a
/// Chebyshev polynomial of A that is small on the unwanted part of the spectrum [a, b] and grows
/// fast below a, then Rayleigh–Ritz on the block gives the next Ritz pairs and the next a.
///
/// Why this and not Lanczos: (1) every product is a sparse × block product: the matrix's indices
/// and values are read once for all vectors, and each gathered row of the block is a contiguous
/// run of doubles, so a product of width 24 costs a few single-vector products, not 24; (2) there
/// is no long Krylov basis to reorthogonalise at every step — the block is orthonormalised once
/// per filter, inside the Rayleigh–Ritz (the Cholesky factor of its Gram matrix); (3) a block
/// finds every copy of a repeated eigenvalue (up to the block's spare width) without the separate
/// multiplicity probes that a single-vector Krylov method needs; (4) a filter only has to point
/// the block the right way, so the early ones can run in float32 (half the bytes per product),
/// and only the last filter and the Rayleigh–Ritz steps need double. Convergence is tested on the explicit residuals
/// ‖A x − θ x‖ of the Ritz pairs. Memory is O(N · width) besides the operator. The start block is
/// seeded, and every reduction sums fixed row blocks in a fixed order: same seed, same answer.
/// </summary>
public static class ChebyshevFilteredEigenSolver
{
    /// <summary>Polynomial degree per filter: high enough to amortise a Rayleigh–Ritz, low enough that the filtered block stays well conditioned for its Cholesky factor.</summary>
    private const int FilterDegree = 12;

    /// <summary>
    /// Smallest relative Cholesky pivot of a filtered block's Gram matrix (≈ 1 / its condition
    /// number) for which one factor makes the Ritz vectors orthonormal to ~1e-10 (rounding × condition).
    /// </summary>
    private const double WellConditionedPivot = 1e-6;

    /// <summary>
    /// Relative residual (÷ the spectrum's upper bound) above which a filter may run in float32:
    /// its rounding (~6e-8 relative per product) is then far below what the filter is removing;
    /// below it, filters run in double so that the residuals can reach the tolerance.
    /// </summary>
    private const double SinglePrecisionReach = 1e-5;

    /// <summary>Lanczos steps for the estimate of the top of the spectrum (the filter's b).</summary>
    private const int BoundSteps = 12;

    /// <summary>
    /// The <paramref name="count"/> smallest eigenpairs of <paramref name="apply"/> (size
    /// <paramref name="size"/>) in the complement of what <paramref name="deflate"/> removes, each
    /// with ‖A v − λ v‖ ≤ <paramref name="tolerance"/> (unless <paramref name="maxOperatorApplications"/>
    /// single-vector products run out first).
    /// </summary>
    /// <param name="deflatedDimension">Dimension of the subspace <paramref name="deflate"/> removes (0 if none).</param>
    /// <param name="spectrumBound">A known upper bound on A's eigenvalues (2 for a normalised Laplacian); the filter uses the smaller of it and a Lanczos estimate.</param>
    /// <param name="seed">Seeds the start block.</param>
    /// <param name="applySingle">
    /// The same operator in single precision, if there is one: filters run with it while the
    /// residuals are above what float32 can resolve (<see cref="SinglePrecisionReach"/> × the top of
    /// the spectrum), which halves the bytes each product moves; the last filters, every
    /// Rayleigh–Ritz and every residual stay in double.
    /// </param>
    public static SymmetricEigenpairs Smallest(ShiftedBlockOperator<double> apply, int size, int count, int seed,
        BlockDeflation? deflate = null, int deflatedDimension = 0, double spectrumBound = double.PositiveInfinity,
        double tolerance = 1e-8, int maxOperatorApplications = 200_000, ShiftedBlockOperator<float>? applySingle = null)
    {
        var available = size - deflatedDimension;
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count > available)
            throw new ArgumentOutOfRangeException(nameof(count), $"Asked for {count} eigenpairs of a {available}-dimensional space.");
        if (count == 0)
            return new SymmetricEigenpairs([], [], 0, 0);

        // Spare vectors beyond the wanted ones: the filter's rate is set by the gap between the
        // wanted eigenvalues and the first one outside the block, and they hold repeated copies.
        // A multiple of 8 keeps the block's rows whole Vector512s of doubles.
        var width = Math.Min(available, (count + Math.Max(8, count) + 7) / 8 * 8);
        var wholeSpace = width == available;
        var random = new Random(seed);
        var x = new double[(long)size * width];
        FillUniform(x, (ulong)random.NextInt64());
        // Not orthonormalised here: the first Rayleigh–Ritz below works from the block's Gram matrix.
        deflate?.Invoke(x, width);

        var applications = 0;
        var upper = spectrumBound;
        if (!wholeSpace)
        {
            upper = Math.Min(spectrumBound, UpperBound(apply, size, random, deflate, Math.Min(available, BoundSteps)));
            applications += Math.Min(available, BoundSteps);
        }

        var z = new double[x.Length];
        var spare = new double[x.Length];
        float[]? singleX = null, singleY = null, singleSpare = null;
        double[] theta;
        double[] residuals;
        apply(x, z, width, 1.0, 0.0, null, 0.0);
        applications += width;
        while (true)
        {
            // Rayleigh–Ritz on the filtered block as it is (not orthonormalised first): with
            // G = XᵀX = RᵀR and H = XᵀZ (Z = A X), the Ritz pairs are those of R⁻ᵀHR⁻¹ and
            // X·R⁻¹·U is orthonormal. One pass for G and H, one rotating X and Z (and giving the
            // residuals): the Cholesky QR passes of an orthonormalise-then-project round fold into it.
            var (gram, cross) = RowBlockKernels.GramPair(x, z, size, width);
            var factor = CholeskyInverseFactor(gram, width, out var worstPivot, out var deadColumn);
            if (deadColumn >= 0)
            {
                // The filter collapsed a direction: rebuild an orthonormal block and its product.
                Orthonormalise(x, size, width, random, deflate);
                apply(x, z, width, 1.0, 0.0, null, 0.0);
                applications += width;
                continue;
            }
            if (worstPivot < WellConditionedPivot)
            {
                // Too ill-conditioned for one Cholesky factor to give orthonormal Ritz vectors:
                // apply it to X and Z (Z = A X still holds) and factor the better block again.
                RowBlockKernels.RotatePair(x, z, size, width, factor);
                continue;
            }
            (theta, var rotation) = RayleighRitz(Congruence(factor, cross, width), width);
            residuals = RowBlockKernels.RotatePair(x, z, size, width, Multiply(factor, rotation, width), theta, count);
            var converged = true;
            for (var j = 0; j < count && converged; j++)
                converged = residuals[j] <= tolerance;
            // A block spanning the whole space is exact after one Rayleigh–Ritz.
            if (converged || wholeSpace || applications >= maxOperatorApplications)
                break;

            // Damp everything above the block's largest Ritz value (a) up to the top of the
            // spectrum (b); θ₀ scales the recurrence so the block's values stay near 1.
            var a = Math.Min(theta[width - 1], upper - 0.05 * (upper - theta[0]));
            var largest = 0.0;
            for (var j = 0; j < count; j++)
                largest = Math.Max(largest, residuals[j]);
            if (applySingle != null && largest > SinglePrecisionReach * upper)
            {
                singleX ??= new float[x.Length];
                singleY ??= new float[x.Length];
                singleSpare ??= new float[x.Length];
                Convert(x, singleX);
                ChebyshevFilter(applySingle, ref singleX, ref singleY, ref singleSpare, width, a, upper, theta[0]);
                Convert(singleX, x);
            }
            else
                ChebyshevFilter(apply, ref x, ref z, ref spare, width, a, upper, theta[0]);
            applications += FilterDegree * width;
            deflate?.Invoke(x, width);
            apply(x, z, width, 1.0, 0.0, null, 0.0);
            applications += width;
        }

        var vectors = Columns(x, size, width, count);
        var maxResidual = 0.0;
        for (var j = 0; j < count; j++)
            maxResidual = Math.Max(maxResidual, residuals[j]);
        return new SymmetricEigenpairs(theta[..count], vectors, applications, maxResidual);
    }

    /// <summary>The first <paramref name="count"/> columns of a row-major block as separate vectors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double[][] Columns(double[] x, int size, int width, int count)
    {
        var vectors = new double[count][];
        for (var j = 0; j < count; j++)
            vectors[j] = new double[size];
        for (var r = 0; r < size; r++)
            for (var j = 0; j < count; j++)
                vectors[j][r] = x[(long)r * width + j];
        return vectors;
    }

    /// <summary>
    /// X ← p(A)·X with p the degree-<see cref="FilterDegree"/> Chebyshev polynomial mapped from
    /// [−1, 1] onto [a, b], scaled to keep magnitudes near 1 at <paramref name="lowest"/>
    /// (Zhou &amp; Saad's scaled recurrence, so nothing overflows whatever the degree).
    /// </summary>
    private static void ChebyshevFilter<T>(ShiftedBlockOperator<T> apply, ref T[] x, ref T[] y, ref T[] spare,
        int width, double a, double b, double lowest)
    {
        var e = (b - a) / 2;
        var c = (b + a) / 2;
        var sigma = e / (lowest - c);
        var tau = 2 / sigma;
        apply(x, y, width, sigma / e, c, null, 0.0);
        for (var i = 2; i <= FilterDegree; i++)
        {
            var next = 1 / (tau - sigma);
            apply(y, spare, width, 2 * next / e, c, x, -sigma * next);
            (x, y, spare) = (y, spare, x);
            sigma = next;
        }
        (x, y) = (y, x);
    }

    /// <summary>
    /// Makes the block's columns orthonormal by Cholesky QR on the column-scaled Gram matrix,
    /// twice (the second pass removes what rounding left after the first; a third runs if the
    /// first saw a badly conditioned block). A column that has no direction left is replaced by a
    /// fresh seeded random one.
    /// </summary>
    private static void Orthonormalise(double[] x, int size, int width, Random random, BlockDeflation? deflate)
    {
        var passes = 2;
        var refills = 0;
        for (var pass = 0; pass < passes; pass++)
        {
            var (gram, _) = RowBlockKernels.GramPair(x, null, size, width);
            var transform = CholeskyInverseFactor(gram, width, out var worstPivot, out var deadColumn);
            if (deadColumn >= 0)
            {
                if (++refills > 3 * width)
                    throw new InvalidOperationException("Could not orthonormalise the block: no direction left outside the deflated space.");
                for (var r = 0; r < size; r++)
                    x[(long)r * width + deadColumn] = random.NextDouble() - 0.5;
                deflate?.Invoke(x, width);
                pass = -1;
                passes = 3;
                continue;
            }
            RowBlockKernels.RotatePair(x, null, size, width, transform);
            if (pass == 0 && worstPivot < 1e-6)
                passes = 3;
        }
    }

    /// <summary>
    /// T (upper triangular, row-major) with X·T orthonormal for XᵀX = <paramref name="gram"/>:
    /// T = D·R⁻¹ where D scales columns to unit length and (DGD) = RᵀR. <paramref name="deadColumn"/>
    /// is the first column with (relatively) nothing left after the previous ones, or −1.
    /// </summary>
    private static double[] CholeskyInverseFactor(double[] gram, int width, out double worstPivot, out int deadColumn)
    {
        var scale = new double[width];
        deadColumn = -1;
        worstPivot = 1.0;
        for (var j = 0; j < width; j++)
        {
            var diagonal = gram[j * width + j];
            if (!(diagonal > 0))
            {
                deadColumn = j;
                return [];
            }
            scale[j] = 1 / Math.Sqrt(diagonal);
        }
        // R upper: R[i, j] for i ≤ j.
        var r = new double[width * width];
        for (var j = 0; j < width; j++)
        {
            for (var i = 0; i <= j; i++)
            {
                var sum = gram[i * width + j] * scale[i] * scale[j];
                for (var k = 0; k < i; k++)
                    sum -= r[k * width + i] * r[k * width + j];
                if (i < j)
                {
                    r[i * width + j] = sum / r[i * width + i];
                    continue;
                }
                // sum is the squared norm of column j's part orthogonal to the columns before it.
                if (!(sum > 1e-20))
                {
                    deadColumn = j;
                    return [];
                }
                worstPivot = Math.Min(worstPivot, sum);
                r[j * width + j] = Math.Sqrt(sum);
            }
        }
        // T = D R⁻¹, column by column of R⁻¹ (back substitution on the upper triangle).
        var t = new double[width * width];
        for (var j = 0; j < width; j++)
        {
            for (var i = j; i >= 0; i--)
            {
                var sum = i == j ? 1.0 : 0.0;
                for (var k = i + 1; k <= j; k++)
                    sum -= r[i * width + k] * t[k * width + j];
                t[i * width + j] = sum / r[i * width + i];
            }
        }
        for (var i = 0; i < width; i++)
            for (var j = 0; j < width; j++)
                t[i * width + j] *= scale[i];
        return t;
    }

    /// <summary>TᵀHT (width × width, row-major) for upper-triangular T: the projected matrix in the basis X·T.</summary>
    private static double[] Congruence(double[] t, double[] h, int width)
    {
        var ht = Multiply(h, t, width);
        var result = new double[width * width];
        for (var i = 0; i < width; i++)
            for (var k = 0; k <= i; k++)
            {
                var tki = t[k * width + i];
                if (tki == 0)
                    continue;
                for (var j = 0; j < width; j++)
                    result[i * width + j] += tki * ht[k * width + j];
            }
        return result;
    }

    /// <summary>A·B for width × width row-major matrices.</summary>
    private static double[] Multiply(double[] a, double[] b, int width)
    {
        var result = new double[width * width];
        for (var i = 0; i < width; i++)
            for (var k = 0; k < width; k++)
            {
                var aik = a[i * width + k];
                for (var j = 0; j < width; j++)
                    result[i * width + j] += aik * b[k * width + j];
            }
        return result;
    }

    /// <summary>Eigenvalues ascending of the (symmetrised) projected matrix and its eigenvectors as a row-major rotation.</summary>
    private static (double[] Values, double[] Rotation) RayleighRitz(double[] h, int width)
    {
        var evd = Matrix<double>.Build.Dense(width, width, (i, j) => 0.5 * (h[i * width + j] + h[j * width + i])).Evd(Symmetricity.Symmetric);
        var order = new int[width];
        var values = new double[width];
        for (var i = 0; i < width; i++)
        {
            order[i] = i;
            values[i] = evd.EigenValues[i].Real;
        }
        Array.Sort(values, order);
        var rotation = new double[width * width];
        for (var i = 0; i < width; i++)
            for (var j = 0; j < width; j++)
                rotation[i * width + j] = evd.EigenVectors[i, order[j]];
        return (values, rotation);
    }

    /// <summary>
    /// An upper bound on the top of A's spectrum (in the deflated space) from a few Lanczos steps:
    /// the largest Ritz value plus the residual norm (Zhou &amp; Li's bound; exact at breakdown).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double UpperBound(ShiftedBlockOperator<double> apply, int size, Random random, BlockDeflation? deflate, int steps)
    {
        // Plain Lanczos, no reorthogonalisation: lost orthogonality only repeats Ritz values that
        // have converged, which cannot move the largest one outside the spectrum (Zhou & Li 2011).
        var previous = new double[size];
        var v = new double[size];
        var w = new double[size];
        FillUniform(v, (ulong)random.NextInt64());
        deflate?.Invoke(v, 1);
        Scale(v, 1 / Math.Sqrt(Dot(v, v)), v);
        var alpha = new double[steps];
        var beta = new double[steps];
        var taken = 0;
        for (var k = 0; k < steps; k++)
        {
            taken = k + 1;
            apply(v, w, 1, 1.0, 0.0, null, 0.0);
            deflate?.Invoke(w, 1);
            alpha[k] = Dot(w, v);
            var back = k > 0 ? beta[k - 1] : 0.0;
            for (var r = 0; r < size; r++)
                w[r] -= alpha[k] * v[r] + back * previous[r];
            beta[k] = Math.Sqrt(Dot(w, w));
            if (beta[k] <= 1e-12 || k == steps - 1)
                break;
            (previous, v, w) = (v, w, previous);
            Scale(v, 1 / beta[k], v);
        }
        var t = Matrix<double>.Build.Dense(taken, taken);
        for (var k = 0; k < taken; k++)
        {
            t[k, k] = alpha[k];
            if (k + 1 < taken)
                t[k, k + 1] = t[k + 1, k] = beta[k];
        }
        var top = double.NegativeInfinity;
        foreach (var value in t.Evd(Symmetricity.Symmetric).EigenValues)
            top = Math.Max(top, value.Real);
        return top + beta[taken - 1];
    }

    /// <summary>
    /// Uniform values in [−0.5, 0.5) from SplitMix64 (Steele, Lea &amp; Flood 2014): seeded and an
    /// order of magnitude cheaper than <see cref="Random.NextDouble"/> over a whole block.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FillUniform(double[] into, ulong seed)
    {
        var state = seed;
        for (var i = 0; i < into.Length; i++)
        {
            var z = state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            into[i] = (z >> 11) * (1.0 / (1UL << 53)) - 0.5;
        }
    }

    /// <summary>A block to single precision (rounded to nearest).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Convert(double[] from, float[] into)
    {
        var i = 0;
        fixed (double* source = from)
        fixed (float* target = into)
        {
            for (; i + 16 <= from.Length; i += 16)
                Vector512.Narrow(Vector512.Load(source + i), Vector512.Load(source + i + 8)).Store(target + i);
            for (; i < from.Length; i++)
                target[i] = (float)source[i];
        }
    }

    /// <summary>A single-precision block back to double (exact).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Convert(float[] from, double[] into)
    {
        var i = 0;
        fixed (float* source = from)
        fixed (double* target = into)
        {
            for (; i + 16 <= from.Length; i += 16)
            {
                var (lower, upper) = Vector512.Widen(Vector512.Load(source + i));
                lower.Store(target + i);
                upper.Store(target + i + 8);
            }
            for (; i < from.Length; i++)
                target[i] = source[i];
        }
    }

    private static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (var r = 0; r < a.Length; r++)
            sum += a[r] * b[r];
        return sum;
    }

    private static void Scale(double[] from, double factor, double[] into)
    {
        for (var r = 0; r < from.Length; r++)
            into[r] = from[r] * factor;
    }
}

/// <summary>
/// Eigenvalues ascending and their unit eigenvectors (<see cref="Vectors"/>[i] has N entries),
/// with the cost (single-vector operator applications; a block product of width w counts w) and
/// the largest residual ‖A v − λ v‖ reached.
/// </summary>
public sealed record SymmetricEigenpairs(double[] Values, double[][] Vectors, int OperatorApplications, double MaxResidual);
