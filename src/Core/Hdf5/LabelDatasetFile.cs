using System.Globalization;
using PureHDF;
using PureHDF.VOL.Native;

namespace GalaxyActors.Core.Hdf5;

/// <summary>
/// A labels dataset as stored: the integer values of its first rows and what its attributes say about them — the
/// class names and the values that are not classes. Only read here; what they mean for a job is
/// <see cref="Labels.LabelSet"/>'s business.
/// </summary>
/// <param name="Names">Class names by class id (index = id), from the dataset's or the file's attributes; null when none are given.</param>
/// <param name="NamesFrom">Where the names were found ("dataset attribute 'names'"), or null.</param>
/// <param name="Unlabelled">Values the attributes mark as "no class" (an integer attribute or a note).</param>
public sealed record LabelDatasetContents(string Path, string Dataset, int[] Values, string[]? Names, string? NamesFrom, int[] Unlabelled);

/// <summary>Reads and validates labels datasets (rank 1, integers, one per row) and their attributes.</summary>
public static class LabelDatasetFile
{
    /// <summary>Attribute names, on the labels dataset, that hold its class names (an array of strings, index = class id).</summary>
    public static readonly string[] NameAttributes = ["names", "class_names"];

    /// <summary>Integer attributes, on the labels dataset, that hold values meaning "no class".</summary>
    public static readonly string[] UnlabelledAttributes = ["unlabelled", "unlabeled", "missing_value", "_FillValue"];

    /// <summary>Text attributes, on the dataset or the file, read for a note such as "255 = unlabelled".</summary>
    public static readonly string[] NoteAttributes = ["note", "notes", "description", "comment", "comments"];

    /// <summary>The attribute our feature store writes to say where its names came from.</summary>
    public const string NamesSourceAttribute = "names_source";

    /// <summary>The file attribute holding a dataset's names, Galaxy10-style: <c>{dataset}_names</c>.</summary>
    public static string FileNamesAttribute(string dataset) => dataset.Replace('/', '_') + "_names";

    /// <summary>
    /// Reads the first <paramref name="rows"/> labels of <paramref name="dataset"/> in <paramref name="path"/>, which must
    /// hold exactly <paramref name="expectedRows"/> (one per row of the input). Null when the dataset is absent and not
    /// <paramref name="required"/>.
    /// </summary>
    /// <param name="what">How the file is named in messages ("Input file", "Labels file", "Feature store").</param>
    public static LabelDatasetContents? Read(string path, string dataset, int expectedRows, int rows, bool required, string what)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rows, expectedRows);
        using var handle = Hdf5FileOpener.OpenRead(path, what);
        var file = handle.File;
        var labels = Hdf5FileOpener.FindDataset(file, path, dataset, what);
        if (labels is null)
        {
            if (required)
                throw new InvalidInputException($"{what} '{path}' has no labels dataset '{InputText.Brief(dataset)}'.");
            return null;
        }
        var type = Validate(labels, $"{what} '{path}', labels dataset '{InputText.Brief(dataset)}'", expectedRows, "rows of the input");
        var values = new int[rows];
        try
        {
            Hdf5Reading.ReadConverted(labels, type, labels.Space.Dimensions, 0, rows, values.AsSpan());
        }
        catch (OverflowException e)
        {
            throw new InvalidInputException($"{what} '{path}', labels dataset '{InputText.Brief(dataset)}' holds a value outside the int range.", e);
        }
        catch (Exception e) when (e is not InvalidInputException)
        {
            throw new InvalidInputException($"{what} '{path}', labels dataset '{InputText.Brief(dataset)}' could not be read (corrupt or truncated file?): {e.Message}", e);
        }
        var (names, namesFrom) = ReadNames(file, labels, dataset);
        return new LabelDatasetContents(path, dataset, values, names, namesFrom, ReadUnlabelled(file, labels));
    }

    /// <summary>Checks a labels dataset's shape and type; returns its element type.</summary>
    /// <param name="where">The file and dataset, as messages name them.</param>
    internal static Hdf5ElementType Validate(NativeDataset labels, string where, long expectedRows, string rowsAre)
    {
        var dims = labels.Space.Dimensions;
        if (dims.Length != 1)
            throw new InvalidInputException($"{where} has shape {Hdf5FileOpener.Shape(labels)}; expected rank 1 [N] with N = {expectedRows}.");
        var type = Hdf5ElementTypes.Of(labels.Type);
        if (!type.IsInteger())
            throw new InvalidInputException($"{where} has element type {Hdf5ElementTypes.Describe(labels.Type)}; expected integer class ids.");
        if ((long)dims[0] != expectedRows)
            throw new InvalidInputException($"{where} has {dims[0]} labels for {expectedRows} {rowsAre}: labels need one entry per row.");
        return type;
    }

    private static (string[]? Names, string? From) ReadNames(NativeFile file, NativeDataset labels, string dataset)
    {
        foreach (var key in NameAttributes)
            if (Strings(labels, key) is { } names)
            {
                var from = Text(labels, NamesSourceAttribute) ?? $"labels dataset attribute '{key}'";
                return (names, from);
            }
        var fileKey = FileNamesAttribute(dataset);
        if (Strings(file, fileKey) is { } fileNames)
            return (fileNames, $"file attribute '{fileKey}'");
        return (null, null);
    }

    private static int[] ReadUnlabelled(NativeFile file, NativeDataset labels)
    {
        var values = new SortedSet<int>();
        foreach (var key in UnlabelledAttributes)
            foreach (var value in Integers(labels, key))
                values.Add(value);
        foreach (IH5Object holder in new IH5Object[] { labels, file })
            foreach (var key in NoteAttributes)
                if (Text(holder, key) is { } note)
                    foreach (var value in UnlabelledNote.Values(note))
                        values.Add(value);
        return [.. values];
    }

    /// <summary>A string-array attribute (or one string of comma-, semicolon- or line-separated names); null when absent or not text.</summary>
    private static string[]? Strings(IH5Object holder, string key)
    {
        if (!holder.AttributeExists(key)) return null;
        try
        {
            var attribute = holder.Attribute(key);
            if (attribute.Type.Class is not (H5DataTypeClass.String or H5DataTypeClass.VariableLength)) return null;
            if (attribute.Space.Rank == 0)
            {
                var text = attribute.Read<string>();
                return text.Split([',', ';', '\n'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            }
            return Array.ConvertAll(attribute.Read<string[]>(), s => (s ?? "").Trim('\0', ' '));
        }
        catch (Exception e) when (e is not InvalidInputException)
        {
            return null; // an attribute we cannot read as text is not a list of names
        }
    }

    private static string? Text(IH5Object holder, string key) => Strings(holder, key) is { Length: > 0 } parts ? string.Join(", ", parts) : null;

    private static IEnumerable<int> Integers(IH5Object holder, string key)
    {
        if (!holder.AttributeExists(key)) return [];
        try
        {
            var attribute = holder.Attribute(key);
            if (attribute.Type.Class != H5DataTypeClass.FixedPoint) return [];
            var count = checked((int)attribute.Space.Dimensions.Aggregate(1UL, (a, b) => a * b));
            return Hdf5ElementTypes.Of(attribute.Type) switch
            {
                Hdf5ElementType.UInt8 => ReadAll<byte>(attribute, count).Select(v => (int)v),
                Hdf5ElementType.Int8 => ReadAll<sbyte>(attribute, count).Select(v => (int)v),
                Hdf5ElementType.UInt16 => ReadAll<ushort>(attribute, count).Select(v => (int)v),
                Hdf5ElementType.Int16 => ReadAll<short>(attribute, count).Select(v => (int)v),
                Hdf5ElementType.Int32 => ReadAll<int>(attribute, count),
                Hdf5ElementType.UInt32 => ReadAll<uint>(attribute, count).Where(v => v <= int.MaxValue).Select(v => (int)v),
                Hdf5ElementType.Int64 => ReadAll<long>(attribute, count).Where(v => v is >= int.MinValue and <= int.MaxValue).Select(v => (int)v),
                Hdf5ElementType.UInt64 => ReadAll<ulong>(attribute, count).Where(v => v <= int.MaxValue).Select(v => (int)v),
                _ => [],
            };
        }
        catch (Exception e) when (e is not InvalidInputException)
        {
            return [];
        }
    }

    private static T[] ReadAll<T>(IH5Attribute attribute, int count) where T : unmanaged =>
        attribute.Space.Rank == 0 ? [attribute.Read<T>()] : attribute.Read<T[]>();

    internal static string Describe(int[] values) => string.Join(", ", values.Select(v => v.ToString(CultureInfo.InvariantCulture)));
}
