using GalaxyActors.Core.Labels;
using PureHDF;
using PureHDF.Selections;

namespace GalaxyActors.Core.Hdf5;

/// <summary>
/// Writes the job's final <c>features.h5</c>: the feature store's features (copied in row slices,
/// never all at once), the job's labels with their names, the store's provenance attributes, plus the analysis results
/// (<c>reduced</c>, <c>pca/*</c>, <c>kmeans/*</c>, <c>spectral/*</c>) and the images' <c>morphology/*</c>. PureHDF cannot add to an
/// existing file, so the whole file is written once, to <c>path + ".tmp"</c>, then moved over
/// the destination — which may be the very file <c>source</c> is reading (on Linux the open
/// reader keeps the old file's contents until it is disposed).
/// </summary>
public static class ResultStoreWriter
{
    public const int DefaultSliceRows = 4096;

    /// <param name="rows">Copy only the first rows (a job run with --limit); default all.</param>
    /// <param name="labels">The job's labels (from wherever <see cref="JobLabels"/> found them), stored with their names; null = none.</param>
    /// <param name="morphology">The images' morphology rows (<see cref="MorphologyDatasets"/>), kept under morphology/; null = none.</param>
    public static void Write(string path, FeatureStoreReader source, IReadOnlyList<ExtraDataset> extras, LabelSet? labels, int sliceRows = DefaultSliceRows,
        int? rows = null, float[]? morphology = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(extras);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sliceRows);
        var rowCount = rows ?? source.Rows;
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rowCount, source.Rows);
        if (labels != null && labels.Count < rowCount)
            throw new ArgumentException($"{labels.Count} labels for {rowCount} rows.", nameof(labels));

        var features = new H5Dataset<float[]>(
            fileDims: [(ulong)rowCount, (ulong)source.Dimension],
            chunks: [(uint)Math.Min(FeatureStoreWriter.ChunkRows, rowCount), (uint)source.Dimension]);
        var file = new H5File { ["features"] = features };
        if (labels != null)
            file[LabelDatasetWriter.Dataset] = LabelDatasetWriter.For(labels, rowCount);
        if (source.Attributes is { } attributes)
            foreach (var (key, value) in attributes.ToHdf5())
                file.Attributes[key] = value;
        var morphologyDatasets = morphology != null ? MorphologyDatasets.Declare(file, rowCount) : null;
        foreach (var extra in extras)
        {
            if (extra.Path.Trim('/') is "features" or "labels" || extra.Path.Trim('/').StartsWith(MorphologyDatasets.Group + "/", StringComparison.Ordinal))
                throw new ArgumentException($"Extra dataset '{extra.Path}' would replace the feature store's own dataset.", nameof(extras));
            Hdf5GroupPaths.Add(file, extra.Path, new H5Dataset(extra.Data, fileDims: Array.ConvertAll(extra.Dimensions, d => (ulong)d)));
        }

        var temporary = Hdf5GroupPaths.TemporaryPathFor(path);
        try
        {
            using (var writer = file.BeginWrite(temporary))
            {
                for (var start = 0; start < rowCount; start += sliceRows)
                {
                    var count = Math.Min(sliceRows, rowCount - start);
                    var block = source.ReadRows(start, count);
                    writer.Write(features, block.Data, fileSelection: new HyperslabSelection(2, [(ulong)start, 0], [(ulong)count, (ulong)source.Dimension]));
                }
                if (morphologyDatasets != null)
                    MorphologyDatasets.Write(writer, morphologyDatasets, morphology, rowCount);
            }
            Hdf5GroupPaths.ReplaceWith(temporary, path);
        }
        catch
        {
            Hdf5GroupPaths.DeleteQuietly(temporary);
            throw;
        }
    }
}
