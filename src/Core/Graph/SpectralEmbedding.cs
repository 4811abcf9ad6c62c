using System.Runtime.CompilerServices;
using GalaxyActors.Core.Linalg;

namespace GalaxyActors.Core.Graph;

/// <summary>
/// The spectral embedding of a weighted graph for spectral clustering: the smallest eigenpairs of
/// the symmetric normalised Laplacian by Chebyshev-filtered subspace iteration (memory O(nnz + N·m)), with
/// the null space known in closed form and deflated exactly: each connected component c contributes
/// the eigenvector D^1/2 1_c / ‖·‖ with eigenvalue 0 (an isolated node: its unit vector), so a
/// disconnected graph gets the right multiplicity of 0 and still clusters.
/// </summary>
public static class SpectralEmbedding
{
    /// <param name="graph">Symmetric non-negative adjacency W (e.g. from <see cref="KnnGraph.Build"/>).</param>
    /// <param name="eigenpairs">How many of the smallest eigenpairs to compute (for the eigengap).</param>
    /// <param name="k">Columns of the embedding (the number of clusters), at most <paramref name="eigenpairs"/>.</param>
    /// <param name="seed">Seeds the eigen-solver's start block.</param>
    public static SpectralEmbeddingResult Compute(SparseMatrix graph, int eigenpairs, int k, int seed, double tolerance = 1e-8)
    {
        var n = graph.Size;
        if (eigenpairs < 1 || eigenpairs > n)
            throw new InvalidInputException($"n_eigenvalues must be between 1 and the number of points ({n}), got {eigenpairs}.");
        if (k < 1 || k > eigenpairs)
            throw new InvalidInputException($"n_clusters must be between 1 and n_eigenvalues ({eigenpairs}) for spectral clustering, got {k}.");

        // Only the degrees are needed in the original numbering: the Laplacian itself is built
        // once, on the renumbered graph the solver runs on.
        var degrees = graph.RowSums();
        var components = ConnectedComponents.Find(graph);
        var nullVectors = NullSpace(degrees, components);

        var values = new double[eigenpairs];
        var vectors = new double[eigenpairs][];
        var fromNullSpace = Math.Min(components.Count, eigenpairs);
        for (var c = 0; c < fromNullSpace; c++)
            vectors[c] = nullVectors.Vector(c, n);

        // The solve runs on the graph renumbered breadth-first (GraphOrdering: the block products
        // then gather mostly from cache); its eigenvectors are mapped back after. The normalised
        // Laplacian's spectrum lies in [0, 2]: the filter's upper end never needs more.
        var order = GraphOrdering.BreadthFirst(graph);
        var renumbered = new NormalizedLaplacian(GraphOrdering.Renumber(graph, order));
        var eigen = ChebyshevFilteredEigenSolver.Smallest(renumbered.ApplyShiftedBlock, n, eigenpairs - fromNullSpace, seed,
            nullVectors.Renumbered(order).ProjectOut, components.Count, spectrumBound: 2.0, tolerance,
            applySingle: renumbered.ApplyShiftedBlockSingle);
        for (var i = 0; i < eigen.Values.Length; i++)
        {
            values[fromNullSpace + i] = eigen.Values[i];
            var vector = new double[n];
            for (var r = 0; r < n; r++)
                vector[order[r]] = eigen.Vectors[i][r];
            vectors[fromNullSpace + i] = vector;
        }
        foreach (var v in vectors)
            FlipSignDeterministically(v);

        return new SpectralEmbeddingResult(values, vectors, components,
            RowNormalised(vectors, n, k), ScikitLearnMaps(vectors, degrees, n, k),
            eigen.OperatorApplications, eigen.MaxResidual);
    }

    /// <summary>
    /// Ng–Jordan–Weiss: the first k eigenvectors of L as columns, each row scaled to unit length
    /// (a row that is all zeros stays zero). K-means on these rows gives the spectral clusters.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static RowMatrix RowNormalised(double[][] vectors, int n, int k)
    {
        var embedding = new RowMatrix(n, k);
        for (var r = 0; r < n; r++)
        {
            double norm = 0;
            for (var j = 0; j < k; j++)
                norm += vectors[j][r] * vectors[j][r];
            var scale = norm > 0 ? 1.0 / Math.Sqrt(norm) : 0.0;
            for (var j = 0; j < k; j++)
                embedding[r, j] = (float)(vectors[j][r] * scale);
        }
        return embedding;
    }

    /// <summary>
    /// What scikit-learn's spectral_embedding(norm_laplacian=True, drop_first=False) hands to
    /// k-means: eigenvectors divided by sqrt(degree) (degree 0 divides by 1, as SciPy does), each
    /// column's sign set so its largest-magnitude entry is positive. No row normalisation.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static RowMatrix ScikitLearnMaps(double[][] vectors, double[] degrees, int n, int k)
    {
        var maps = new RowMatrix(n, k);
        var column = new double[n];
        for (var j = 0; j < k; j++)
        {
            for (var r = 0; r < n; r++)
                column[r] = vectors[j][r] / (degrees[r] > 0 ? Math.Sqrt(degrees[r]) : 1.0);
            FlipSignDeterministically(column);
            for (var r = 0; r < n; r++)
                maps[r, j] = (float)column[r];
        }
        return maps;
    }

    /// <summary>An eigenvector's sign is arbitrary: make its largest-magnitude entry positive (first one on ties).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FlipSignDeterministically(double[] v)
    {
        var at = 0;
        for (var i = 1; i < v.Length; i++)
            if (Math.Abs(v[i]) > Math.Abs(v[at]))
                at = i;
        if (v[at] < 0)
            for (var i = 0; i < v.Length; i++)
                v[i] = -v[i];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ComponentNullSpace NullSpace(double[] degrees, ComponentLabels components)
    {
        var n = degrees.Length;
        var entries = new double[n];
        var totals = new double[components.Count];
        var sizes = new int[components.Count];
        for (var i = 0; i < n; i++)
        {
            totals[components.ComponentOf[i]] += degrees[i];
            sizes[components.ComponentOf[i]]++;
        }
        for (var i = 0; i < n; i++)
        {
            var c = components.ComponentOf[i];
            // A component of isolated nodes has one node (no edges): its null vector is that node's unit vector.
            entries[i] = totals[c] > 0 ? Math.Sqrt(degrees[i] / totals[c]) : 1.0;
        }
        return new ComponentNullSpace(components, entries);
    }

    /// <summary>The orthonormal null vectors of L, one per component, stored as one vector since their supports are disjoint.</summary>
    private sealed class ComponentNullSpace(ComponentLabels components, double[] entries)
    {

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public double[] Vector(int component, int n)
        {
            var v = new double[n];
            for (var i = 0; i < n; i++)
                if (components.ComponentOf[i] == component)
                    v[i] = entries[i];
            return v;
        }

        /// <summary>The same null space for the nodes renumbered so that <paramref name="order"/>[i] becomes i.</summary>
        public ComponentNullSpace Renumbered(int[] order)
        {
            var of = new int[order.Length];
            var renumberedEntries = new double[order.Length];
            for (var i = 0; i < order.Length; i++)
            {
                of[i] = components.ComponentOf[order[i]];
                renumberedEntries[i] = entries[order[i]];
            }
            return new ComponentNullSpace(new ComponentLabels(components.Count, of), renumberedEntries);
        }

        /// <summary>Every column x of a row-major N × width block: x −= Σ_c (z_cᵀ x) z_c, in O(N·width).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void ProjectOut(double[] block, int width)
        {
            var coefficients = new double[components.Count * width];
            var of = components.ComponentOf;
            for (var i = 0; i < of.Length; i++)
                for (var j = 0; j < width; j++)
                    coefficients[of[i] * width + j] += entries[i] * block[(long)i * width + j];
            for (var i = 0; i < of.Length; i++)
                for (var j = 0; j < width; j++)
                    block[(long)i * width + j] -= coefficients[of[i] * width + j] * entries[i];
        }
    }
}

/// <summary>
/// Eigenvalues of the normalised Laplacian ascending, their unit eigenvectors
/// (<see cref="Eigenvectors"/>[j] holds N entries), the connected components,
/// <see cref="Embedding"/>: the Ng–Jordan–Weiss row-normalised N×k embedding (what our K-means
/// clusters), and <see cref="ScikitLearnMaps"/>: scikit-learn's N×k spectral_embedding output.
/// </summary>
public sealed record SpectralEmbeddingResult(
    double[] Eigenvalues,
    double[][] Eigenvectors,
    ComponentLabels Components,
    RowMatrix Embedding,
    RowMatrix ScikitLearnMaps,
    int OperatorApplications,
    double MaxResidual);
