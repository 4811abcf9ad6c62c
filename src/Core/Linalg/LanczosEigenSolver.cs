using System.Numerics.Tensors;
using MathNet.Numerics.LinearAlgebra;

namespace GalaxyActors.Core.Linalg;

/// <summary>y = A x for a symmetric operator A that is never stored densely.</summary>
public delegate void SymmetricOperator(ReadOnlySpan<double> x, Span<double> y);

/// <summary>Projects a vector, in place, onto the complement of a known invariant subspace of A.</summary>
public delegate void Deflation(Span<double> x);

/// <summary>
/// The smallest eigenpairs of a large sparse symmetric operator by thick-restart Lanczos with full
/// reorthogonalisation (classical Gram–Schmidt, twice). The basis is capped at a modest number of
/// vectors, so memory is O(N·basis) besides the operator; at each restart the best Ritz vectors are
/// kept and the Lanczos residual continues the Krylov space (Wu &amp; Simon's thick restart), which
/// converges clustered eigenvalues near 0 far faster than restarting from scratch. The projected
/// matrix H = VᵀAV is filled with explicitly computed inner products, so it stays exact after
/// restarts and after a breakdown (where a fresh random direction is added to find further copies
/// of a repeated eigenvalue). Known eigenvectors (e.g. a graph Laplacian's null space, one per
/// connected component) are deflated by the caller's projector, which gets the multiplicity of 0 right.
/// </summary>
public static class LanczosEigenSolver
{
    /// <summary>
    /// The <paramref name="count"/> smallest eigenpairs of <paramref name="apply"/> (size
    /// <paramref name="size"/>) in the complement of what <paramref name="deflate"/> removes.
    /// Converged when every wanted Ritz pair has ‖A y − θ y‖ ≤ <paramref name="tolerance"/>.
    /// </summary>
    /// <param name="deflatedDimension">Dimension of the subspace <paramref name="deflate"/> removes (0 if none).</param>
    /// <param name="seed">Seeds the start vector (and any breakdown restarts): same seed, same answer.</param>
    public static SymmetricEigenpairs Smallest(SymmetricOperator apply, int size, int count, int seed,
        Deflation? deflate = null, int deflatedDimension = 0, double tolerance = 1e-10, int maxOperatorApplications = 50_000)
    {
        var available = size - deflatedDimension;
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count > available)
            throw new ArgumentOutOfRangeException(nameof(count), $"Asked for {count} eigenpairs of a {available}-dimensional space.");
        if (count == 0)
            return new SymmetricEigenpairs([], [], 0, 0);

        var basisCap = Math.Min(available, Math.Max(count + 40, 2 * count + 20));
        var keepCap = Math.Min(basisCap - 1, count + (basisCap - count) / 2);
        var stride = basisCap;
        var basis = new double[(long)size * stride];   // row-major: basis[r * stride + j] = V_j[r]
        var h = new double[basisCap, basisCap];
        var w = new double[size];
        var column = new double[size];
        var coefficients = new double[basisCap];
        var random = new Random(seed);
        var applications = 0;

        if (!FreshDirection(random, deflate, basis, stride, size, 0, w))
            throw new InvalidOperationException("Could not start Lanczos: the start vector vanished after deflation.");
        SetColumn(basis, stride, size, 0, w);
        var active = 1;

        double[] ritzValues;
        Matrix<double> ritzVectors;
        double residualNorm;
        while (true)
        {
            // Extend: w = A v_last, orthogonalised against the deflated space and the basis.
            while (true)
            {
                var last = active - 1;
                GetColumn(basis, stride, size, last, column);
                apply(column, w);
                applications++;
                deflate?.Invoke(w);
                Array.Clear(coefficients);
                for (var pass = 0; pass < 2; pass++)
                    Orthogonalise(basis, stride, size, active, w, coefficients);
                deflate?.Invoke(w);
                for (var i = 0; i < active; i++)
                    h[i, last] = h[last, i] = coefficients[i];
                residualNorm = Math.Sqrt(TensorPrimitives.Dot<double>(w, w));
                if (active == basisCap)
                    break;
                if (residualNorm <= 1e-12)
                {
                    // Invariant subspace found: a fresh direction may hold further copies of an eigenvalue.
                    if (!FreshDirection(random, deflate, basis, stride, size, active, w))
                        break; // the whole space is spanned: the Ritz pairs are exact
                    residualNorm = 0;
                }
                else
                    TensorPrimitives.Divide(w, residualNorm, w);
                SetColumn(basis, stride, size, active++, w);
            }

            // Rayleigh–Ritz on H = VᵀAV.
            var evd = Matrix<double>.Build.Dense(active, active, (i, j) => h[i, j]).Evd(Symmetricity.Symmetric);
            var order = new int[active];
            ritzValues = new double[active];
            for (var i = 0; i < active; i++)
            {
                order[i] = i;
                ritzValues[i] = evd.EigenValues[i].Real;
            }
            Array.Sort((double[])ritzValues.Clone(), order);
            Array.Sort(ritzValues);
            ritzVectors = Matrix<double>.Build.Dense(active, active, (i, j) => evd.EigenVectors[i, order[j]]);

            // ‖A V y − θ V y‖ = ‖w‖·|y_last| (A V = V H + w e_lastᵀ).
            var converged = true;
            for (var i = 0; i < count && converged; i++)
                converged = residualNorm * Math.Abs(ritzVectors[active - 1, i]) <= tolerance;
            if (converged || active == available || applications >= maxOperatorApplications)
                break;

            // Thick restart: keep the best Ritz vectors, continue the Krylov space from the residual.
            var keep = Math.Min(keepCap, active - 1);
            Recombine(basis, stride, size, active, ritzVectors, keep);
            Array.Clear(h);
            for (var i = 0; i < keep; i++)
                h[i, i] = ritzValues[i];
            TensorPrimitives.Divide(w, residualNorm, w);
            SetColumn(basis, stride, size, keep, w);
            active = keep + 1;
        }

        var maxResidual = 0.0;
        for (var i = 0; i < count; i++)
            maxResidual = Math.Max(maxResidual, residualNorm * Math.Abs(ritzVectors[active - 1, i]));
        Recombine(basis, stride, size, active, ritzVectors, count);
        var vectors = new double[count][];
        for (var i = 0; i < count; i++)
        {
            vectors[i] = new double[size];
            GetColumn(basis, stride, size, i, vectors[i]);
        }
        return new SymmetricEigenpairs(ritzValues[..count], vectors, applications, maxResidual);
    }

    /// <summary>w −= V (Vᵀ w) over the first <paramref name="active"/> columns; adds Vᵀ w to the coefficients.</summary>
    private static void Orthogonalise(double[] basis, int stride, int size, int active, double[] w, double[] coefficients)
    {
        Span<double> projections = stackalloc double[active];
        projections.Clear();
        for (var r = 0; r < size; r++)
            TensorPrimitives.MultiplyAdd(basis.AsSpan(r * stride, active), w[r], projections, projections);
        for (var r = 0; r < size; r++)
            w[r] -= TensorPrimitives.Dot<double>(basis.AsSpan(r * stride, active), projections);
        for (var i = 0; i < active; i++)
            coefficients[i] += projections[i];
    }

    /// <summary>Replaces the first <paramref name="keep"/> columns by V Y[:, 0..keep), row by row, in place.</summary>
    private static void Recombine(double[] basis, int stride, int size, int active, Matrix<double> y, int keep)
    {
        var yt = new double[keep * active]; // yt[k * active + i] = Y[i, k]
        for (var k = 0; k < keep; k++)
            for (var i = 0; i < active; i++)
                yt[k * active + i] = y[i, k];
        Span<double> row = stackalloc double[active];
        for (var r = 0; r < size; r++)
        {
            basis.AsSpan(r * stride, active).CopyTo(row);
            for (var k = 0; k < keep; k++)
                basis[r * stride + k] = TensorPrimitives.Dot<double>(row, yt.AsSpan(k * active, active));
        }
    }

    /// <summary>A seeded random unit vector orthogonal to the deflated space and the first columns; false if none is left.</summary>
    private static bool FreshDirection(Random random, Deflation? deflate, double[] basis, int stride, int size, int active, double[] w)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            for (var r = 0; r < size; r++)
                w[r] = random.NextDouble() - 0.5;
            deflate?.Invoke(w);
            var scratch = new double[Math.Max(active, 1)];
            for (var pass = 0; pass < 2; pass++)
                Orthogonalise(basis, stride, size, active, w, scratch);
            deflate?.Invoke(w);
            var norm = Math.Sqrt(TensorPrimitives.Dot<double>(w, w));
            if (norm > 1e-8 * Math.Sqrt(size))
            {
                TensorPrimitives.Divide(w, norm, w);
                return true;
            }
        }
        return false;
    }

    private static void SetColumn(double[] basis, int stride, int size, int j, double[] v)
    {
        for (var r = 0; r < size; r++)
            basis[r * stride + j] = v[r];
    }

    private static void GetColumn(double[] basis, int stride, int size, int j, double[] v)
    {
        for (var r = 0; r < size; r++)
            v[r] = basis[r * stride + j];
    }
}

/// <summary>
/// Eigenvalues ascending and their unit eigenvectors (<see cref="Vectors"/>[i] has N entries),
/// with the cost (operator applications) and the largest residual ‖A v − λ v‖ reached.
/// </summary>
public sealed record SymmetricEigenpairs(double[] Values, double[][] Vectors, int OperatorApplications, double MaxResidual);
