using GalaxyActors.Core.Hdf5;
using GalaxyActors.Core.Morphology;
using PureHDF;

namespace GalaxyActors.Core.Tests.Hdf5;

/// <summary>The per-image morphology in a feature store: one float dataset per quantity, written in any slice order, read back row-major.</summary>
public sealed class MorphologyStoreTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("galaxy-morphology-store-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static readonly FeatureStoreAttributes Attributes = new("in.h5", "images", "model.onnx", 2, "none");

    [Fact]
    public void Rows_written_out_of_order_come_back_as_columns_named_by_quantity_and_as_rows()
    {
        const int rows = 5;
        int width = MorphologyQuantities.Count;
        var values = Enumerable.Range(0, rows * width).Select(i => i % 7 == 3 ? float.NaN : i * 0.5f).ToArray();
        var path = Path.Combine(_folder, "features.h5");
        using (var writer = FeatureStoreWriter.Create(path, rows, 2, Attributes, morphology: true))
        {
            writer.WriteRows(3, new float[2 * 2]);
            writer.WriteMorphology(3, values.AsSpan(3 * width, 2 * width));
            writer.WriteRows(0, new float[3 * 2]);
            writer.WriteMorphology(0, values.AsSpan(0, 3 * width));
            writer.Complete();
        }

        using (var file = H5File.OpenRead(path))
        {
            // Independent of our reader: PureHDF's own API on the dataset path an h5py user would type.
            var concentration = file.Dataset("morphology/concentration").Read<float[]>();
            Assert.Equal(Enumerable.Range(0, rows).Select(r => values[r * width + MorphologyQuantities.Concentration.Index]), concentration);
            Assert.Equal("C", file.Dataset("morphology/concentration").Attribute("symbol").Read<string>());
        }
        using var reader = FeatureStoreReader.Open(path);
        Assert.Equal(values, reader.ReadMorphology(rows));
        Assert.Equal(values.Take(2 * width), reader.ReadMorphology(2));
    }

    [Fact]
    public void A_store_without_morphology_reads_as_none()
    {
        var path = Path.Combine(_folder, "plain.h5");
        using (var writer = FeatureStoreWriter.Create(path, 2, 2, Attributes))
        {
            writer.WriteRows(0, new float[4]);
            writer.Complete();
        }
        using var reader = FeatureStoreReader.Open(path);
        Assert.Null(reader.ReadMorphology(2));
    }

    [Fact]
    public void Completing_with_a_row_of_morphology_missing_fails_and_leaves_no_store()
    {
        var path = Path.Combine(_folder, "partial.h5");
        using (var writer = FeatureStoreWriter.Create(path, 2, 2, Attributes, morphology: true))
        {
            writer.WriteRows(0, new float[4]);
            writer.WriteMorphology(0, new float[MorphologyQuantities.Count]);
            var error = Assert.Throws<InvalidOperationException>(writer.Complete);
            Assert.Contains("morphology of 1 of 2 rows", error.Message);
        }
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Writing_a_morphology_row_twice_is_refused()
    {
        using var writer = FeatureStoreWriter.Create(Path.Combine(_folder, "twice.h5"), 2, 2, Attributes, morphology: true);
        writer.WriteMorphology(0, new float[MorphologyQuantities.Count]);
        Assert.Throws<InvalidOperationException>(() => writer.WriteMorphology(0, new float[MorphologyQuantities.Count]));
    }
}
