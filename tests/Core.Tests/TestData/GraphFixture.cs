using System.Text.Json;
using GalaxyActors.Core.Linalg;
using PureHDF;

namespace GalaxyActors.Core.Tests.TestData;

/// <summary>
/// scikit-learn's intermediate results in clustering-3000x128.h5 and its expected JSON, read with
/// PureHDF directly so the graph tests do not depend on the project's own HDF5 reader.
/// </summary>
internal static class GraphFixture
{
    public const int Points = 3000;
    public const int ReducedDims = 33;
    public const int Neighbours = 10;

    private static readonly Lazy<RowMatrix> LazyReduced = new(() =>
    {
        using var file = H5File.OpenRead(Fixtures.PathOf("clustering-3000x128.h5"));
        var values = file.Dataset("reference/reduced").Read<double[]>();
        var floats = new float[values.Length];
        for (var i = 0; i < values.Length; i++)
            floats[i] = (float)values[i];
        return new RowMatrix(Points, ReducedDims, floats);
    });

    private static readonly Lazy<int[]> LazyKnn = new(() =>
    {
        using var file = H5File.OpenRead(Fixtures.PathOf("clustering-3000x128.h5"));
        return file.Dataset("reference/knn_indices").Read<int[]>();
    });

    private static readonly Lazy<byte[]> LazyLabels = new(() =>
    {
        using var file = H5File.OpenRead(Fixtures.PathOf("clustering-3000x128.h5"));
        return file.Dataset("labels").Read<byte[]>();
    });

    private static readonly Lazy<JsonElement> LazySpectral = new(() =>
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Fixtures.PathOf("clustering-3000x128.expected.json")));
        return json.RootElement.GetProperty("spectral_on_pca90").Clone();
    });

    /// <summary>reference/reduced: the PCA projection, float64 [3000,33] stored as float32 rows.</summary>
    public static RowMatrix Reduced => LazyReduced.Value;

    /// <summary>reference/knn_indices: each point's 10 neighbours (self excluded), ids sorted, [3000×10].</summary>
    public static int[] KnnIndices => LazyKnn.Value;

    public static byte[] Labels => LazyLabels.Value;

    public static double[] SmallestEigenvalues =>
        LazySpectral.Value.GetProperty("smallest_10_eigenvalues").EnumerateArray().Select(e => e.GetDouble()).ToArray();

    public static int EigengapK => LazySpectral.Value.GetProperty("eigengap_k").GetInt32();

    public static int ConnectedComponents => LazySpectral.Value.GetProperty("graph_connected_components").GetInt32();
}
