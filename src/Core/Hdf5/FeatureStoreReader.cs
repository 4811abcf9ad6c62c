using GalaxyActors.Core.Linalg;
using PureHDF;
using PureHDF.VOL.Native;

namespace GalaxyActors.Core.Hdf5;

/// <summary>
/// Reads a feature store: <c>features</c> [N,D] (float32, or float64 converted to float32),
/// optional integer <c>labels</c> [N], and the provenance attributes when the file has them. Rows
/// are read as hyperslabs, so a store larger than memory can be streamed in row slices.
/// </summary>
/// <remarks>Reads are serialised by a lock; open one instance per thread for parallel reads.</remarks>
public sealed class FeatureStoreReader : IDisposable
{
    private const string What = "Feature store";

    private readonly Hdf5ReadHandle _file;
    private readonly NativeDataset _features;
    private readonly Hdf5ElementType _featureType;
    private readonly ulong[] _dims;
    private readonly NativeDataset? _labels;
    private readonly Hdf5ElementType _labelType;
    private readonly Lock _gate = new();
    private bool _disposed;

    private FeatureStoreReader(string path, string featuresDataset, string? labelsDataset, Hdf5ReadHandle file,
        NativeDataset features, Hdf5ElementType featureType, NativeDataset? labels, Hdf5ElementType labelType, FeatureStoreAttributes? attributes)
    {
        Path = path;
        FeaturesDataset = featuresDataset;
        LabelsDataset = labelsDataset;
        _file = file;
        _features = features;
        _featureType = featureType;
        _dims = features.Space.Dimensions;
        _labels = labels;
        _labelType = labelType;
        Attributes = attributes;
        Rows = (int)_dims[0];
        Dimension = (int)_dims[1];
    }

    public string Path { get; }
    public string FeaturesDataset { get; }
    public string? LabelsDataset { get; }
    public int Rows { get; }
    public int Dimension { get; }
    public bool HasLabels => _labels != null;

    /// <summary>The provenance attributes, or null when the file has none (e.g. a store made by other software).</summary>
    public FeatureStoreAttributes? Attributes { get; }

    public static FeatureStoreReader Open(string path, string featuresDataset = "features", string? labelsDataset = "labels")
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(featuresDataset);
        var file = Hdf5FileOpener.OpenRead(path, What);
        try
        {
            var features = Hdf5FileOpener.RequireDataset(file.File, path, featuresDataset, What);
            var where = $"{What} '{path}', dataset '{InputText.Brief(featuresDataset)}'";
            var dims = features.Space.Dimensions;
            if (dims.Length != 2)
                throw new InvalidInputException($"{where} has shape {Hdf5FileOpener.Shape(features)} (rank {dims.Length}); expected rank 2 [rows,dimension].");
            var featureType = Hdf5ElementTypes.Of(features.Type);
            if (!featureType.IsFloatingPoint())
                throw new InvalidInputException($"{where} has element type {Hdf5ElementTypes.Describe(features.Type)}; expected float32 (or float64).");
            if (dims[0] == 0)
                throw new InvalidInputException($"{where} has zero rows (shape {Hdf5FileOpener.Shape(features)}).");
            if (dims[1] == 0)
                throw new InvalidInputException($"{where} has zero columns (shape {Hdf5FileOpener.Shape(features)}).");
            if (dims[0] * dims[1] > int.MaxValue)
                throw new InvalidInputException($"{where} is too large to hold in memory as one matrix (shape {Hdf5FileOpener.Shape(features)}).");

            NativeDataset? labels = null;
            var labelType = Hdf5ElementType.Unsupported;
            if (!string.IsNullOrEmpty(labelsDataset))
            {
                labels = Hdf5FileOpener.FindDataset(file.File, path, labelsDataset, What);
                if (labels != null)
                {
                    var labelsWhere = $"{What} '{path}', labels dataset '{labelsDataset}'";
                    if (labels.Space.Rank != 1)
                        throw new InvalidInputException($"{labelsWhere} has shape {Hdf5FileOpener.Shape(labels)}; expected rank 1 [{dims[0]}].");
                    labelType = Hdf5ElementTypes.Of(labels.Type);
                    if (!labelType.IsInteger())
                        throw new InvalidInputException($"{labelsWhere} has element type {Hdf5ElementTypes.Describe(labels.Type)}; expected integers.");
                    if (labels.Space.Dimensions[0] != dims[0])
                        throw new InvalidInputException($"{labelsWhere} has {labels.Space.Dimensions[0]} labels but there are {dims[0]} feature rows.");
                }
            }

            var attributes = ReadAttributes(file.File, features, path);
            return new FeatureStoreReader(path, featuresDataset, labelsDataset, file, features, featureType, labels, labelType, attributes);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Rows [start, start+count) as a float32 matrix.</summary>
    public RowMatrix ReadRows(int start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if ((long)start + count > Rows)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"Rows {start}..{(long)start + count} run past the {Rows} rows of '{Path}'.");
        var matrix = new RowMatrix(count, Dimension);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            try
            {
                Hdf5Reading.ReadConverted(_features, _featureType, _dims, start, count, matrix.Data.AsSpan());
            }
            catch (Exception ex) when (ex is not InvalidInputException)
            {
                throw new InvalidInputException($"{What} '{Path}', dataset '{FeaturesDataset}': rows {start}..{start + count} could not be read (corrupt or truncated file?): {ex.Message}", ex);
            }
        }
        return matrix;
    }

    public RowMatrix ReadAll() => ReadRows(0, Rows);

    /// <summary>The first <paramref name="count"/> rows' morphology (<see cref="MorphologyDatasets"/>), or null when the store has none.</summary>
    public float[]? ReadMorphology(int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Rows);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return MorphologyDatasets.Read(_file.File, Path, count);
        }
    }

    public int[] ReadLabels()
    {
        if (_labels == null)
            throw new InvalidOperationException($"{What} '{Path}' has no labels dataset '{LabelsDataset}'.");
        var labels = new int[Rows];
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            try
            {
                Hdf5Reading.ReadConverted(_labels, _labelType, _labels.Space.Dimensions, 0, Rows, labels.AsSpan());
            }
            catch (Exception ex) when (ex is not InvalidInputException)
            {
                throw new InvalidInputException($"{What} '{Path}', labels dataset '{LabelsDataset}' could not be read: {ex.Message}", ex);
            }
        }
        return labels;
    }

    /// <summary>Root attributes first (where we write them), else attributes on the features dataset; null when neither has the model name.</summary>
    private static FeatureStoreAttributes? ReadAttributes(NativeFile file, NativeDataset features, string path)
    {
        try
        {
            IH5Object? holder = file.AttributeExists(FeatureStoreAttributes.ModelNameKey) ? file
                : features.AttributeExists(FeatureStoreAttributes.ModelNameKey) ? features
                : null;
            if (holder == null)
                return null;
            return new FeatureStoreAttributes(
                ReadString(holder, FeatureStoreAttributes.InputPathKey),
                ReadString(holder, FeatureStoreAttributes.ImagesDatasetKey),
                ReadString(holder, FeatureStoreAttributes.ModelNameKey),
                ReadInt(holder, FeatureStoreAttributes.FeatureDimensionKey) ?? (int)features.Space.Dimensions[1],
                ReadString(holder, FeatureStoreAttributes.PreprocessingKey));
        }
        catch (Exception ex)
        {
            throw new InvalidInputException($"{What} '{path}': its attributes could not be read: {ex.Message}", ex);
        }
    }

    private static string ReadString(IH5Object holder, string key) =>
        holder.AttributeExists(key) ? holder.Attribute(key).Read<string>() : "";

    private static int? ReadInt(IH5Object holder, string key)
    {
        if (!holder.AttributeExists(key))
            return null;
        var attribute = holder.Attribute(key);
        return Hdf5ElementTypes.Of(attribute.Type) switch
        {
            Hdf5ElementType.Int32 => attribute.Read<int>(),
            Hdf5ElementType.Int64 => checked((int)attribute.Read<long>()),
            Hdf5ElementType.UInt32 => checked((int)attribute.Read<uint>()),
            Hdf5ElementType.UInt64 => checked((int)attribute.Read<ulong>()),
            _ => null,
        };
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
                return;
            _disposed = true;
            _file.Dispose();
        }
    }
}
