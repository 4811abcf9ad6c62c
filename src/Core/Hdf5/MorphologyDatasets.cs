using GalaxyActors.Core.Morphology;
using PureHDF;
using PureHDF.VOL.Native;

namespace GalaxyActors.Core.Hdf5;

/// <summary>
/// The per-image morphology in features.h5: one float32 [N] dataset per quantity, <c>morphology/{name}</c> (h5py users
/// read <c>f["morphology/concentration"]</c>), each with its symbol and definition as attributes. In memory the rows are
/// row-major N × <see cref="MorphologyQuantities.Count"/>, as <see cref="MorphologyMeter"/> writes them.
/// </summary>
public static class MorphologyDatasets
{
    public const string Group = "morphology";

    public static string PathOf(MorphologyQuantity quantity) => Group + "/" + quantity.Name;

    /// <summary>Column <paramref name="quantity"/> of the first <paramref name="count"/> rows.</summary>
    public static float[] Column(ReadOnlySpan<float> rows, int count, MorphologyQuantity quantity)
    {
        int width = MorphologyQuantities.Count;
        if (rows.Length < (long)count * width)
            throw new ArgumentException($"{rows.Length} values hold fewer than {count} morphology rows of {width}.", nameof(rows));
        var column = new float[count];
        for (int i = 0; i < count; i++) column[i] = rows[i * width + quantity.Index];
        return column;
    }

    /// <summary>Empty [<paramref name="rows"/>] datasets, with their descriptions, to declare in a file before it is written.</summary>
    public static H5Dataset<float[]>[] Declare(H5File file, int rows)
    {
        var datasets = new H5Dataset<float[]>[MorphologyQuantities.Count];
        foreach (var quantity in MorphologyQuantities.All)
        {
            var dataset = new H5Dataset<float[]>(fileDims: [(ulong)rows]);
            dataset.Attributes["symbol"] = quantity.Symbol;
            dataset.Attributes["description"] = quantity.Description;
            Hdf5GroupPaths.Add(file, PathOf(quantity), dataset);
            datasets[quantity.Index] = dataset;
        }
        return datasets;
    }

    /// <summary>Writes the first <paramref name="count"/> rows into datasets made by <see cref="Declare"/>.</summary>
    public static void Write(H5NativeWriter writer, H5Dataset<float[]>[] datasets, ReadOnlySpan<float> rows, int count)
    {
        foreach (var quantity in MorphologyQuantities.All)
            writer.Write(datasets[quantity.Index], Column(rows, count, quantity));
    }

    /// <summary>
    /// The first <paramref name="count"/> rows, row-major; null when the file has no complete morphology group (a feature
    /// store made by other software, or by `embed` before morphology existed).
    /// </summary>
    public static float[]? Read(NativeFile file, string path, int count)
    {
        int width = MorphologyQuantities.Count;
        var rows = new float[(long)count * width];
        foreach (var quantity in MorphologyQuantities.All)
        {
            var dataset = Hdf5FileOpener.FindDataset(file, path, PathOf(quantity), "Feature store");
            if (dataset is null) return null;
            var dims = dataset.Space.Dimensions;
            if (dims.Length != 1 || dims[0] < (ulong)count || !Hdf5ElementTypes.Of(dataset.Type).IsFloatingPoint())
                throw new InvalidInputException($"Feature store '{path}': '{PathOf(quantity)}' has shape {Hdf5FileOpener.Shape(dataset)} and type " +
                                                $"{Hdf5ElementTypes.Describe(dataset.Type)}; expected float [{count}] or longer.");
            var column = new float[count];
            try
            {
                Hdf5Reading.ReadConverted(dataset, Hdf5ElementTypes.Of(dataset.Type), dims, 0, count, column.AsSpan());
            }
            catch (Exception ex) when (ex is not InvalidInputException)
            {
                throw new InvalidInputException($"Feature store '{path}': '{PathOf(quantity)}' could not be read: {ex.Message}", ex);
            }
            for (int i = 0; i < count; i++) rows[i * width + quantity.Index] = column[i];
        }
        return rows;
    }
}
