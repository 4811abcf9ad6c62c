using GalaxyActors.Core.Graph;
using GalaxyActors.Core.Tests.TestData;

namespace GalaxyActors.Core.Tests.Graph;

public class SpectralEmbeddingTests
{
    [Fact]
    public void Smallest_eigenvalues_of_fixture_graph_match_scipy_to_1e6()
    {
        var w = KnnGraph.Build(GraphFixture.Points, GraphFixture.KnnIndices, GraphFixture.Neighbours);
        var result = SpectralEmbedding.Compute(w, 10, 5, seed: 42);
        var expected = GraphFixture.SmallestEigenvalues;
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - result.Eigenvalues[i]) <= 1e-6,
                $"λ{i}: expected {expected[i]:R}, got {result.Eigenvalues[i]:R}");
        Assert.Equal(GraphFixture.EigengapK, Eigengap.Choose(result.Eigenvalues).K);
        Assert.Equal(GraphFixture.ConnectedComponents, result.Components.Count);
    }

    [Fact]
    public void Eigenvectors_satisfy_the_eigen_equation_and_are_orthonormal()
    {
        var w = KnnGraph.Build(GraphFixture.Points, GraphFixture.KnnIndices, GraphFixture.Neighbours);
        var result = SpectralEmbedding.Compute(w, 10, 5, seed: 3);
        var laplacian = new NormalizedLaplacian(w);
        var lv = new double[w.Size];
        for (var i = 0; i < 10; i++)
        {
            var v = result.Eigenvectors[i];
            laplacian.Apply(v, lv);
            var residual = Math.Sqrt(lv.Select((x, r) => (x - result.Eigenvalues[i] * v[r]) * (x - result.Eigenvalues[i] * v[r])).Sum());
            Assert.True(residual < 1e-7, $"‖Lv − λv‖ = {residual} for pair {i}");
            for (var j = 0; j <= i; j++)
            {
                var dot = v.Zip(result.Eigenvectors[j], (a, b) => a * b).Sum();
                Assert.Equal(i == j ? 1.0 : 0.0, dot, 1e-9);
            }
        }
    }

    [Fact]
    public void Eigengap_of_fixture_eigenvalues_is_six()
    {
        Assert.Equal(6, Eigengap.Choose(GraphFixture.SmallestEigenvalues).K);
    }

    [Fact]
    public void Cycle_graph_has_eigenvalues_one_minus_cosine()
    {
        // C_n is 2-regular: L = I − A/2, eigenvalues 1 − cos(2πj/n), each j and n−j a repeated pair.
        const int n = 40;
        var result = SpectralEmbedding.Compute(TestGraphs.Cycle(n), 7, 2, seed: 1);
        var expected = Enumerable.Range(0, n).Select(j => 1 - Math.Cos(2 * Math.PI * j / n)).Order().Take(7).ToArray();
        for (var i = 0; i < 7; i++)
            Assert.Equal(expected[i], result.Eigenvalues[i], 1e-9);
    }

    [Fact]
    public void Long_cycle_gets_both_copies_of_each_repeated_eigenvalue()
    {
        // Too large for the basis to span the space: the copies must come from the multiplicity check.
        const int n = 400;
        var result = SpectralEmbedding.Compute(TestGraphs.Cycle(n), 7, 2, seed: 11);
        var expected = Enumerable.Range(0, n).Select(j => 1 - Math.Cos(2 * Math.PI * j / n)).Order().Take(7).ToArray();
        for (var i = 0; i < 7; i++)
            Assert.Equal(expected[i], result.Eigenvalues[i], 1e-9);
    }

    [Fact]
    public void Path_graph_has_eigenvalues_one_minus_cosine_of_pi_j_over_n_minus_one()
    {
        // The path P_n's normalised Laplacian has eigenvalues 1 − cos(πj/(n−1)), j = 0..n−1.
        const int n = 200;
        var result = SpectralEmbedding.Compute(TestGraphs.Path(n), 10, 3, seed: 5);
        for (var j = 0; j < 10; j++)
            Assert.Equal(1 - Math.Cos(Math.PI * j / (n - 1)), result.Eigenvalues[j], 1e-9);
    }

    [Fact]
    public void Two_disjoint_cliques_give_eigenvalue_zero_twice_and_still_embed()
    {
        // K_m's normalised Laplacian: 0 once and m/(m−1) (m−1 times); two cliques: 0 twice.
        var result = SpectralEmbedding.Compute(TestGraphs.TwoCliques(5, 7), 3, 2, seed: 9);
        Assert.Equal(2, result.Components.Count);
        Assert.Equal(0.0, result.Eigenvalues[0], 1e-12);
        Assert.Equal(0.0, result.Eigenvalues[1], 1e-12);
        Assert.Equal(7.0 / 6.0, result.Eigenvalues[2], 1e-9);
        // Row-normalised embedding: each clique collapses to one point, the two points orthogonal.
        var e = result.Embedding;
        for (var r = 0; r < 12; r++)
        {
            var same = r < 5 ? 0 : 5;
            Assert.Equal(e[same, 0], e[r, 0], 5);
            Assert.Equal(e[same, 1], e[r, 1], 5);
            Assert.Equal(1.0, Math.Sqrt(e[r, 0] * e[r, 0] + e[r, 1] * e[r, 1]), 5);
        }
        Assert.Equal(0.0, e[0, 0] * e[5, 0] + e[0, 1] * e[5, 1], 5);
    }

    [Fact]
    public void Repeated_nonzero_eigenvalue_is_found_with_its_multiplicity_on_a_small_graph()
    {
        // One clique K_6: 0 then 6/5 five times; the solver must return all five copies asked for.
        var result = SpectralEmbedding.Compute(TestGraphs.TwoCliques(6, 0), 4, 2, seed: 2);
        Assert.Equal(0.0, result.Eigenvalues[0], 1e-12);
        for (var i = 1; i < 4; i++)
            Assert.Equal(1.2, result.Eigenvalues[i], 1e-9);
    }

    [Fact]
    public void Isolated_node_is_its_own_component_with_eigenvalue_zero_as_in_scipy()
    {
        // Cliques K_4 and K_3 plus node 7 with no edges: three components, three zeros, then
        // K_4's 4/3 (three times) and K_3's 3/2 (twice).
        var w = TestGraphs.FromEdges(8, [(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3), (4, 5), (4, 6), (5, 6)]);
        var result = SpectralEmbedding.Compute(w, 8, 3, seed: 4);
        Assert.Equal(3, result.Components.Count);
        double[] expected = [0, 0, 0, 4.0 / 3, 4.0 / 3, 4.0 / 3, 1.5, 1.5];
        for (var i = 0; i < expected.Length; i++)
            Assert.Equal(expected[i], result.Eigenvalues[i], 1e-9);
        Assert.Equal(1.0, Math.Abs(result.Embedding[7, 2]), 6);
    }

    [Fact]
    public void More_clusters_than_eigenpairs_is_invalid_input()
    {
        Assert.Throws<InvalidInputException>(() => SpectralEmbedding.Compute(TestGraphs.Cycle(10), 3, 4, seed: 1));
        Assert.Throws<ArgumentException>(() => Eigengap.Choose([0.0]));
    }

    [Fact]
    public void Same_seed_gives_identical_embedding()
    {
        var w = KnnGraph.Build(GraphFixture.Points, GraphFixture.KnnIndices, GraphFixture.Neighbours);
        var a = SpectralEmbedding.Compute(w, 10, 5, seed: 42);
        var b = SpectralEmbedding.Compute(w, 10, 5, seed: 42);
        Assert.Equal(a.Eigenvalues, b.Eigenvalues);
        Assert.Equal(a.Embedding.Data, b.Embedding.Data);
    }
}
