using GalaxyActors.Core.Labels;
using GalaxyActors.Core.Morphology;
using PureHDF;
using PureHDF.Selections;

namespace GalaxyActors.Core.Hdf5;

/// <summary>
/// Builds a feature store (<c>features</c> float32 [N,D] chunked by rows, optional <c>labels</c>
/// int32 [N] with their names (<see cref="LabelDatasetWriter"/>), optional <c>morphology/*</c> (<see cref="MorphologyDatasets"/>), provenance attributes on the root) from row ranges that arrive in any order, as slices
/// come back from the cluster. Each row must be written exactly once.
/// </summary>
/// <remarks>
/// The file is written to <c>path + ".tmp"</c> and moved over <c>path</c> only by <see cref="Complete"/>
/// (or by <see cref="Dispose"/> once every row is in), so an interrupted job never leaves a
/// feature store that silently holds zero rows. Disposing with rows missing deletes the temporary file.
/// WriteRows may be called from several threads; calls are serialised.
/// </remarks>
public sealed class FeatureStoreWriter : IDisposable
{
    /// <summary>Rows per chunk: 64 rows of 512 floats are 128 KiB, a sensible HDF5 chunk, and slices are multiples of it.</summary>
    public const int ChunkRows = 64;

    private readonly H5Dataset<float[]> _features;
    private readonly H5NativeWriter _writer;
    private readonly bool[] _written;
    private readonly Lock _gate = new();
    private readonly string _temporaryPath;
    private int _rowsWritten;
    private bool _closed;

    // The images' morphology (N × MorphologyQuantities.Count), kept in memory (32 bytes a row) and written at the end.
    private readonly H5Dataset<float[]>[]? _morphology;
    private readonly float[]? _morphologyRows;
    private readonly bool[]? _morphologyWritten;
    private int _morphologyRowsWritten;

    private FeatureStoreWriter(string path, int rows, int dimension, H5Dataset<float[]> features, H5NativeWriter writer, string temporaryPath,
        H5Dataset<float[]>[]? morphology)
    {
        if (morphology != null)
        {
            _morphology = morphology;
            _morphologyRows = new float[(long)rows * MorphologyQuantities.Count];
            _morphologyWritten = new bool[rows];
        }
        Path = path;
        Rows = rows;
        Dimension = dimension;
        _features = features;
        _writer = writer;
        _temporaryPath = temporaryPath;
        _written = new bool[rows];
    }

    public string Path { get; }
    public int Rows { get; }
    public int Dimension { get; }

    public int RowsWritten
    {
        get { lock (_gate) return _rowsWritten; }
    }

    public bool IsComplete => RowsWritten == Rows && MorphologyComplete;

    private bool MorphologyComplete => _morphology == null || _morphologyRowsWritten == Rows;

    /// <param name="morphology">Also store each image's morphology (<see cref="WriteMorphology"/> for every row).</param>
    public static FeatureStoreWriter Create(string path, int rows, int dimension, FeatureStoreAttributes attributes, LabelSet? labels = null,
        bool morphology = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        ArgumentNullException.ThrowIfNull(attributes);
        if (attributes.FeatureDimension != dimension)
            throw new ArgumentException($"Attributes say dimension {attributes.FeatureDimension}, the store has {dimension}.", nameof(attributes));
        if (labels != null && labels.Count != rows)
            throw new ArgumentException($"{labels.Count} labels given for {rows} rows.", nameof(labels));

        var features = new H5Dataset<float[]>(
            fileDims: [(ulong)rows, (ulong)dimension],
            chunks: [(uint)Math.Min(ChunkRows, rows), (uint)dimension]);
        var file = new H5File { ["features"] = features };
        if (labels != null)
            file[LabelDatasetWriter.Dataset] = LabelDatasetWriter.For(labels, rows);
        foreach (var (key, value) in attributes.ToHdf5())
            file.Attributes[key] = value;
        var morphologyDatasets = morphology ? MorphologyDatasets.Declare(file, rows) : null;

        var temporary = Hdf5GroupPaths.TemporaryPathFor(path);
        var writer = file.BeginWrite(temporary);
        return new FeatureStoreWriter(path, rows, dimension, features, writer, temporary, morphologyDatasets);
    }

    /// <summary>Writes rows [start, start + rowsData.Length / Dimension).</summary>
    public void WriteRows(int start, ReadOnlySpan<float> rowsData)
    {
        if (rowsData.Length % Dimension != 0)
            throw new ArgumentException($"{rowsData.Length} values is not a whole number of rows of {Dimension}.", nameof(rowsData));
        var count = rowsData.Length / Dimension;
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        if ((long)start + count > Rows)
            throw new ArgumentOutOfRangeException(nameof(start), start, $"Rows {start}..{(long)start + count} run past the {Rows} rows of '{Path}'.");
        if (count == 0)
            return;
        // PureHDF takes an array; copy once so the caller's buffer can be reused at once.
        var data = rowsData.ToArray();

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            for (var i = start; i < start + count; i++)
                if (_written[i])
                    throw new InvalidOperationException($"Row {i} of '{Path}' was already written (rows {start}..{start + count} overlap an earlier slice).");
            _writer.Write(_features, data, fileSelection: new HyperslabSelection(2, [(ulong)start, 0], [(ulong)count, (ulong)Dimension]));
            Array.Fill(_written, true, start, count);
            _rowsWritten += count;
        }
    }

    /// <summary>Morphology rows [start, start + rows.Length / <see cref="MorphologyQuantities.Count"/>), each once.</summary>
    public void WriteMorphology(int start, ReadOnlySpan<float> rows)
    {
        if (_morphology == null)
            throw new InvalidOperationException($"Feature store '{Path}' was created without morphology.");
        int width = MorphologyQuantities.Count;
        if (rows.Length % width != 0)
            throw new ArgumentException($"{rows.Length} values is not a whole number of morphology rows of {width}.", nameof(rows));
        var count = rows.Length / width;
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        if ((long)start + count > Rows)
            throw new ArgumentOutOfRangeException(nameof(start), start, $"Morphology rows {start}..{(long)start + count} run past the {Rows} rows of '{Path}'.");
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            for (var i = start; i < start + count; i++)
                if (_morphologyWritten![i])
                    throw new InvalidOperationException($"Morphology row {i} of '{Path}' was already written.");
            rows.CopyTo(_morphologyRows.AsSpan(start * width));
            Array.Fill(_morphologyWritten!, true, start, count);
            _morphologyRowsWritten += count;
        }
    }

    /// <summary>Finishes the file and moves it into place; throws if any row (or morphology row) was never written.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            if (_rowsWritten != Rows)
                throw new InvalidOperationException($"Feature store '{Path}' is missing {Rows - _rowsWritten} of {Rows} rows (first missing: {Array.IndexOf(_written, false)}).");
            if (!MorphologyComplete)
                throw new InvalidOperationException($"Feature store '{Path}' is missing the morphology of {Rows - _morphologyRowsWritten} of {Rows} rows.");
            Close(keep: true);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (!_closed)
                Close(keep: _rowsWritten == Rows && MorphologyComplete);
        }
    }

    private void Close(bool keep)
    {
        _closed = true;
        try
        {
            if (keep && _morphology != null)
                MorphologyDatasets.Write(_writer, _morphology, _morphologyRows, Rows);
            _writer.Dispose();
        }
        catch
        {
            Hdf5GroupPaths.DeleteQuietly(_temporaryPath);
            throw;
        }
        if (keep)
            Hdf5GroupPaths.ReplaceWith(_temporaryPath, Path);
        else
            Hdf5GroupPaths.DeleteQuietly(_temporaryPath);
    }
}
