using System.Numerics;

namespace GalaxyActors.Core.Hdf5;

/// <summary>
/// Whole-dataset reads of small extra datasets (reference results, PCA components, cluster labels)
/// by path, converting the element type. Errors are <see cref="InvalidInputException"/>s naming the
/// file and dataset.
/// </summary>
public static class Hdf5Datasets
{
    private const string What = "HDF5 file";

    public static bool Exists(string path, string dataset)
    {
        using var file = Hdf5FileOpener.OpenRead(path, What);
        return Hdf5FileOpener.FindDataset(file.File, path, dataset, What) != null;
    }

    /// <summary>Any integer or floating-point dataset as doubles.</summary>
    public static DatasetValues<double> ReadDoubles(string path, string dataset) => Read<double>(path, dataset, integersOnly: false);

    /// <summary>Any integer or floating-point dataset as floats.</summary>
    public static DatasetValues<float> ReadFloats(string path, string dataset) => Read<float>(path, dataset, integersOnly: false);

    /// <summary>An integer dataset as ints (values outside the int range are an error).</summary>
    public static DatasetValues<int> ReadInts(string path, string dataset) => Read<int>(path, dataset, integersOnly: true);

    /// <summary>A rank-2 numeric dataset as a [rows, columns] array.</summary>
    public static double[,] ReadDoubleMatrix(string path, string dataset) => ToMatrix(ReadDoubles(path, dataset), path, dataset);

    /// <summary>A rank-2 integer dataset as a [rows, columns] array.</summary>
    public static int[,] ReadIntMatrix(string path, string dataset) => ToMatrix(ReadInts(path, dataset), path, dataset);

    private static DatasetValues<T> Read<T>(string path, string name, bool integersOnly) where T : unmanaged, INumberBase<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(name);
        using var file = Hdf5FileOpener.OpenRead(path, What);
        var dataset = Hdf5FileOpener.RequireDataset(file.File, path, name, What);
        var where = $"{What} '{path}', dataset '{name}'";
        var type = Hdf5ElementTypes.Of(dataset.Type);
        if (!(type.IsInteger() || (!integersOnly && type.IsFloatingPoint())))
            throw new InvalidInputException($"{where} has element type {Hdf5ElementTypes.Describe(dataset.Type)}; expected {(integersOnly ? "integers" : "numbers")}.");
        var dims = dataset.Space.Dimensions;
        if (dims.Length == 0)
            dims = [1]; // a scalar dataset
        ulong total = 1;
        foreach (var d in dims)
            total *= d;
        if (total > int.MaxValue)
            throw new InvalidInputException($"{where} is too large to read whole (shape {Hdf5FileOpener.Shape(dataset)}).");
        var values = new T[total];
        try
        {
            if (total > 0)
            {
                if (dataset.Space.Dimensions.Length == 0)
                    ReadScalar(dataset, type, values);
                else
                    Hdf5Reading.ReadConverted(dataset, type, dims, 0, (long)dims[0], values.AsSpan());
            }
        }
        catch (OverflowException ex)
        {
            throw new InvalidInputException($"{where} holds a value that does not fit {typeof(T).Name}: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is not InvalidInputException)
        {
            throw new InvalidInputException($"{where} could not be read (corrupt or truncated file?): {ex.Message}", ex);
        }
        return new DatasetValues<T>(values, Array.ConvertAll(dims, d => (int)d));
    }

    private static void ReadScalar<T>(PureHDF.VOL.Native.NativeDataset dataset, Hdf5ElementType type, T[] values) where T : unmanaged, INumberBase<T>
    {
        values[0] = type switch
        {
            Hdf5ElementType.Float64 => T.CreateChecked(dataset.Read<double>()),
            Hdf5ElementType.Float32 => T.CreateChecked(dataset.Read<float>()),
            Hdf5ElementType.Int64 => T.CreateChecked(dataset.Read<long>()),
            Hdf5ElementType.UInt64 => T.CreateChecked(dataset.Read<ulong>()),
            Hdf5ElementType.Int32 => T.CreateChecked(dataset.Read<int>()),
            Hdf5ElementType.UInt32 => T.CreateChecked(dataset.Read<uint>()),
            Hdf5ElementType.Int16 => T.CreateChecked(dataset.Read<short>()),
            Hdf5ElementType.UInt16 => T.CreateChecked(dataset.Read<ushort>()),
            Hdf5ElementType.Int8 => T.CreateChecked(dataset.Read<sbyte>()),
            _ => T.CreateChecked(dataset.Read<byte>()),
        };
    }

    private static T[,] ToMatrix<T>(DatasetValues<T> values, string path, string dataset)
    {
        if (values.Dimensions.Length != 2)
            throw new InvalidInputException($"{What} '{path}', dataset '{dataset}' has rank {values.Dimensions.Length}; expected a matrix (rank 2).");
        var (rows, columns) = (values.Dimensions[0], values.Dimensions[1]);
        var matrix = new T[rows, columns];
        // Row-major on both sides: one block copy.
        Buffer.BlockCopy(values.Values, 0, matrix, 0, values.Values.Length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>());
        return matrix;
    }
}
