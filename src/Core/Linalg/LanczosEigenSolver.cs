using System.Numerics.Tensors;
using MathNet.Numerics.LinearAlgebra;
using SimdDouble = System.Numerics.Vector<double>;

namespace GalaxyActors.Core.Linalg;

/// <summary>y = A x for a symmetric operator A that is never stored densely.</summary>
public delegate void SymmetricOperator(double[] x, double[] y);

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
    /// <summary>Residual norm below which the Krylov space is taken to be invariant.</summary>
    private const double BreakdownNorm = 1e-12;

    /// <summary>Lanczos steps between convergence checks.</summary>
    private const int CheckEvery = 8;

    /// <summary>
    /// The <paramref name="count"/> smallest eigenpairs of <paramref name="apply"/> (size
    /// <paramref name="size"/>) in the complement of what <paramref name="deflate"/> removes.
    /// Converged when every wanted Ritz pair has ‖A y − θ y‖ ≤ <paramref name="tolerance"/>.
    /// </summary>
    /// <param name="deflatedDimension">Dimension of the subspace <paramref name="deflate"/> removes (0 if none).</param>
    /// <param name="seed">Seeds the start vector (and any breakdown restarts): same seed, same answer.</param>
    /// <param name="checkMultiplicity">
    /// One Krylov space finds one copy of a repeated eigenvalue (more only through rounding). With
    /// this on, the answer is checked by a fresh solve from another random start with everything
    /// found so far deflated: if it finds an eigenvalue below the largest kept one, that is a missed
    /// copy; it is swapped in and the check repeats. The check stops as soon as the smallest eigenvalue it sees is surely above the kept ones.
    /// </param>
    public static SymmetricEigenpairs Smallest(SymmetricOperator apply, int size, int count, int seed,
        Deflation? deflate = null, int deflatedDimension = 0, double tolerance = 1e-8, int maxOperatorApplications = 50_000,
        bool checkMultiplicity = true)
    {
        var available = size - deflatedDimension;
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count > available)
            throw new ArgumentOutOfRangeException(nameof(count), $"Asked for {count} eigenpairs of a {available}-dimensional space.");
        var result = SolveOnce(apply, size, count, seed, deflate, deflatedDimension, tolerance, maxOperatorApplications);
        if (!checkMultiplicity || count == 0)
            return result;
        var applications = result.OperatorApplications;
        for (var round = 1; round <= count && count < available; round++)
        {
            var locked = new LockedVectors(result.Vectors, deflate);
            var threshold = result.Values[count - 1] + 10 * tolerance;
            var probe = SolveOnce(apply, size, 1, unchecked(seed + 7919 * round), locked.ProjectOut,
                deflatedDimension + count, tolerance, maxOperatorApplications, stopWhenAbove: threshold);
            applications += probe.OperatorApplications;
            // A probe eigenvalue clearly below the largest kept one is a missed copy.
            if (probe.Values[0] >= result.Values[count - 1] - 10 * tolerance)
                break;
            result = Insert(result, probe.Values[0], probe.Vectors[0], probe.MaxResidual);
        }
        return result with { OperatorApplications = applications };
    }

    /// <summary>Adds a pair to a sorted set and drops the largest, keeping the count.</summary>
    private static SymmetricEigenpairs Insert(SymmetricEigenpairs pairs, double value, double[] vector, double residual)
    {
        var count = pairs.Values.Length;
        var values = new double[count];
        var vectors = new double[count][];
        int from = 0, to = 0;
        var inserted = false;
        while (to < count)
        {
            if (!inserted && (from == count || value < pairs.Values[from]))
            {
                values[to] = value;
                vectors[to++] = vector;
                inserted = true;
            }
            else
            {
                values[to] = pairs.Values[from];
                vectors[to++] = pairs.Vectors[from++];
            }
        }
        return new SymmetricEigenpairs(values, vectors, pairs.OperatorApplications, Math.Max(pairs.MaxResidual, residual));
    }

    /// <summary>Projects out the caller's deflated space and then a set of orthonormal found eigenvectors.</summary>
    private sealed class LockedVectors(double[][] vectors, Deflation? inner)
    {
        public void ProjectOut(Span<double> x)
        {
            inner?.Invoke(x);
            foreach (var v in vectors)
            {
                var dot = TensorPrimitives.Dot<double>(v, x);
                TensorPrimitives.MultiplyAdd<double>(v, -dot, x, x);
            }
        }
    }

    private static SymmetricEigenpairs SolveOnce(SymmetricOperator apply, int size, int count, int seed,
        Deflation? deflate, int deflatedDimension, double tolerance, int maxOperatorApplications,
        double stopWhenAbove = double.PositiveInfinity)
    {
        var available = size - deflatedDimension;
        if (count == 0)
            return new SymmetricEigenpairs([], [], 0, 0);

        // Every step sweeps the whole N × basis block (memory-bound), so the basis is kept to
        // 2·count + 20: on a 21,785-node kNN graph a larger one (count + 40) needed no fewer
        // operator applications, only more traffic per step, and the one-vector multiplicity probe
        // got a 41-vector basis where 22 do.
        var basisCap = Math.Min(available, 2 * count + 20);
        var keepCap = Math.Min(basisCap - 1, count + (basisCap - count) / 2);
        // Row-major, rows padded to whole vectors; columns at and beyond `active` are kept zero so
        // the kernels may run over the padding.
        var stride = (basisCap + SimdDouble.Count - 1) / SimdDouble.Count * SimdDouble.Count;
        var basis = new double[(long)size * stride];   // basis[r * stride + j] = V_j[r]
        var kernels = new BasisKernels(basis, stride, size);
        var h = new double[basisCap, basisCap];
        var w = new double[size];
        var column = new double[size];
        var coefficients = new double[stride];
        var random = new Random(seed);
        var applications = 0;

        if (!FreshDirection(random, deflate, kernels, 0, w))
            throw new InvalidOperationException("Could not start Lanczos: the start vector vanished after deflation.");
        SetColumn(basis, stride, size, 0, w, column);
        var active = 1;

        double[] ritzValues;
        Matrix<double> ritzVectors;
        double residualNorm;
        var stepsSinceCheck = 0;
        while (true)
        {
            // Extend: w = A v_last, orthogonalised against the deflated space and the basis.
            // `column` already holds v_last (every SetColumn also keeps a contiguous copy):
            // reading it back from the row-major basis would touch one cache line per row.
            var last = active - 1;
            apply(column, w);
            applications++;
            stepsSinceCheck++;
            deflate?.Invoke(w);
            kernels.Orthogonalise(active, w, coefficients);
            deflate?.Invoke(w);
            for (var i = 0; i < active; i++)
                h[i, last] = h[last, i] = coefficients[i];
            residualNorm = Math.Sqrt(TensorPrimitives.Dot<double>(w, w));
            var exhausted = active == available;
            if (active < basisCap && residualNorm <= BreakdownNorm)
            {
                // Invariant subspace found: a fresh direction may hold further copies of an eigenvalue.
                exhausted = !FreshDirection(random, deflate, kernels, active, w);
                if (!exhausted)
                {
                    SetColumn(basis, stride, size, active++, w, column);
                    continue;
                }
            }

            // Rayleigh–Ritz on H = VᵀAV every few steps (it is cheap next to a sweep over the basis),
            // so the solve stops soon after convergence rather than at the next restart.
            if (active < basisCap && !exhausted && stepsSinceCheck < CheckEvery)
            {
                TensorPrimitives.Divide(w, residualNorm, w);
                SetColumn(basis, stride, size, active++, w, column);
                continue;
            }
            stepsSinceCheck = 0;
            (ritzValues, ritzVectors) = RayleighRitz(h, active);

            // ‖A V y − θ V y‖ = ‖w‖·|y_last|, since A V = V H + w e_lastᵀ.
            var converged = true;
            for (var i = 0; i < count && converged; i++)
                converged = residualNorm * Math.Abs(ritzVectors[active - 1, i]) <= tolerance;
            // A probe may stop as soon as the smallest eigenvalue it sees is surely above the threshold
            // (some eigenvalue lies within the residual of each Ritz value).
            var surelyAbove = ritzValues[0] - residualNorm * Math.Abs(ritzVectors[active - 1, 0]) > stopWhenAbove;
            if (converged || surelyAbove || exhausted || applications >= maxOperatorApplications)
                break;
            if (active < basisCap)
            {
                TensorPrimitives.Divide(w, residualNorm, w);
                SetColumn(basis, stride, size, active++, w, column);
                continue;
            }

            // Thick restart: keep the best Ritz vectors, continue the Krylov space from the residual.
            var keep = Math.Min(keepCap, active - 1);
            kernels.Recombine(active, ritzVectors, keep);
            Array.Clear(h);
            for (var i = 0; i < keep; i++)
                h[i, i] = ritzValues[i];
            if (residualNorm > BreakdownNorm)
                TensorPrimitives.Divide(w, residualNorm, w);
            else if (!FreshDirection(random, deflate, kernels, keep, w))
                throw new InvalidOperationException("Lanczos restart found no direction outside the kept Ritz vectors.");
            SetColumn(basis, stride, size, keep, w, column);
            active = keep + 1;
        }

        var maxResidual = 0.0;
        for (var i = 0; i < count; i++)
            maxResidual = Math.Max(maxResidual, residualNorm * Math.Abs(ritzVectors[active - 1, i]));
        kernels.Recombine(active, ritzVectors, count);
        var vectors = new double[count][];
        for (var i = 0; i < count; i++)
        {
            vectors[i] = new double[size];
            GetColumn(basis, stride, size, i, vectors[i]);
        }
        return new SymmetricEigenpairs(ritzValues[..count], vectors, applications, maxResidual);
    }

    /// <summary>Eigenpairs of the projected matrix, eigenvalues ascending.</summary>
    private static (double[] Values, Matrix<double> Vectors) RayleighRitz(double[,] h, int active)
    {
        var evd = Matrix<double>.Build.Dense(active, active, (i, j) => h[i, j]).Evd(Symmetricity.Symmetric);
        var order = new int[active];
        var values = new double[active];
        for (var i = 0; i < active; i++)
        {
            order[i] = i;
            values[i] = evd.EigenValues[i].Real;
        }
        Array.Sort(values, order);
        return (values, Matrix<double>.Build.Dense(active, active, (i, j) => evd.EigenVectors[i, order[j]]));
    }

    /// <summary>A seeded random unit vector orthogonal to the deflated space and the first columns; false if none is left.</summary>
    private static bool FreshDirection(Random random, Deflation? deflate, BasisKernels kernels, int active, double[] w)
    {
        var size = w.Length;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            for (var r = 0; r < size; r++)
                w[r] = random.NextDouble() - 0.5;
            deflate?.Invoke(w);
            kernels.Orthogonalise(active, w, new double[kernels.Stride]);
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

    private static void SetColumn(double[] basis, int stride, int size, int j, double[] v, double[] copy)
    {
        for (var r = 0; r < size; r++)
            basis[r * stride + j] = v[r];
        v.CopyTo(copy, 0);
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
