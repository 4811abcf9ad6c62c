using System.Text.Json;
using GalaxyActors.Core.Linalg;
using PureHDF;

namespace GalaxyActors.Core.Tests.TestData;

/// <summary>
/// The scikit-learn reference fixture clustering-3000x128 (features, ground-truth labels and the
/// expected JSON), read directly with PureHDF so these tests do not depend on our own HDF5 reader.
/// Loaded once per test run.
/// </summary>
internal sealed class ClusteringFixture
{
    private static readonly Lazy<ClusteringFixture> Instance = new(Load);

    public static ClusteringFixture Shared => Instance.Value;

    private ClusteringFixture(RowMatrix features, int[] labels, JsonElement expected)
    {
        Features = features;
        Labels = labels;
        Expected = expected;
    }

    /// <summary>`features` float32 [3000, 128].</summary>
    public RowMatrix Features { get; }

    /// <summary>`labels` uint8 [3000] as ints.</summary>
    public int[] Labels { get; }

    public JsonElement Expected { get; }

    /// <summary>scikit-learn's own 90 % projection, `reference/reduced` float64 [3000, 33] (component signs arbitrary).</summary>
    public double[,] SklearnReduced => _reduced.Value;

    private readonly Lazy<double[,]> _reduced = new(() =>
    {
        using var file = H5File.OpenRead(Fixtures.PathOf("clustering-3000x128.h5"));
        var dataset = file.Dataset("reference/reduced");
        var shape = dataset.Space.Dimensions;
        var flat = dataset.Read<double[]>();
        var result = new double[shape[0], shape[1]];
        Buffer.BlockCopy(flat, 0, result, 0, flat.Length * sizeof(double));
        return result;
    });

    public double[] ExplainedVarianceRatioFirst40 => Doubles(Expected.GetProperty("pca").GetProperty("explained_variance_ratio_first_40"));

    public int ComponentsFor90Percent => Expected.GetProperty("pca").GetProperty("components_for_90pct_variance").GetInt32();

    public double[] SklearnSse => Doubles(Expected.GetProperty("kmeans_on_pca90").GetProperty("sse_k1_to_k14"));

    public double SklearnK5Ari => Expected.GetProperty("kmeans_on_pca90").GetProperty("k5_ari_vs_labels").GetDouble();

    public double SklearnK5Nmi => Expected.GetProperty("kmeans_on_pca90").GetProperty("k5_nmi_vs_labels").GetDouble();

    private static double[] Doubles(JsonElement array)
    {
        var result = new double[array.GetArrayLength()];
        var i = 0;
        foreach (var item in array.EnumerateArray()) result[i++] = item.GetDouble();
        return result;
    }

    private static ClusteringFixture Load()
    {
        using var file = H5File.OpenRead(Fixtures.PathOf("clustering-3000x128.h5"));
        var features = file.Dataset("features");
        var shape = features.Space.Dimensions;
        var data = features.Read<float[]>();
        var labelBytes = file.Dataset("labels").Read<byte[]>();
        var labels = new int[labelBytes.Length];
        for (var i = 0; i < labels.Length; i++) labels[i] = labelBytes[i];
        var json = JsonDocument.Parse(File.ReadAllText(Fixtures.PathOf("clustering-3000x128.expected.json")));
        return new ClusteringFixture(new RowMatrix((int)shape[0], (int)shape[1], data), labels, json.RootElement.Clone());
    }
}
