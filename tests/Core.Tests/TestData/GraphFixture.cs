using System.Text.Json;
using GalaxyActors.Core.Linalg;
using PureHDF;

namespace GalaxyActors.Core.Tests.TestData;

/// <summary>
/// scikit-learn's graph-stage answers for clustering-3000x128: its own PCA projection and kNN ids
/// (`reference/`) and the spectral section of the expected JSON. Built on <see cref="ClusteringFixture"/>,
/// which reads the file with PureHDF directly so the graph tests do not depend on our HDF5 reader.
/// </summary>
internal static class GraphFixture
{
    public const int Points = 3000;
    public const int ReducedDims = 33;
    public const int Neighbours = 10;

    private static readonly Lazy<RowMatrix> LazyReduced = new(() =>
    {
        var values = ClusteringFixture.Shared.SklearnReduced;
        var reduced = new RowMatrix(values.GetLength(0), values.GetLength(1));
        for (var i = 0; i < reduced.Rows; i++)
            for (var j = 0; j < reduced.Columns; j++)
                reduced[i, j] = (float)values[i, j];
        return reduced;
    });

    private static readonly Lazy<int[]> LazyKnn = new(() =>
    {
        using var file = H5File.OpenRead(Fixtures.PathOf("clustering-3000x128.h5"));
        return file.Dataset("reference/knn_indices").Read<int[]>();
    });

    private static JsonElement Spectral => ClusteringFixture.Shared.Expected.GetProperty("spectral_on_pca90");

    /// <summary>reference/reduced: the PCA projection, float64 [3000,33] stored as float32 rows.</summary>
    public static RowMatrix Reduced => LazyReduced.Value;

    /// <summary>reference/knn_indices: each point's 10 neighbours (self excluded), ids sorted, [3000×10].</summary>
    public static int[] KnnIndices => LazyKnn.Value;

    /// <summary>Ground-truth labels, 0..4.</summary>
    public static int[] Labels => ClusteringFixture.Shared.Labels;

    public static double[] SmallestEigenvalues =>
        Spectral.GetProperty("smallest_10_eigenvalues").EnumerateArray().Select(e => e.GetDouble()).ToArray();

    public static int EigengapK => Spectral.GetProperty("eigengap_k").GetInt32();

    public static int ConnectedComponents => Spectral.GetProperty("graph_connected_components").GetInt32();
}
