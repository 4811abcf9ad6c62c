using PureHDF;
using PureHDF.Filters;
using PureHDF.Selections;
using PureHDF.VOL.Native;

namespace GalaxyActors.Core.Hdf5;

/// <summary>
/// Writes images in the Galaxy10 layout (uint8 [N,H,W,3] chunked by whole images, shuffle + deflate,
/// and uint8 labels [N]) as an ordinary HDF5 file that h5py and the HDF5 tools read. Used by
/// <c>galaxy make-sample</c>.
/// </summary>
public static class GalaxyImageFileWriter
{
    /// <param name="pixels">count×height×width×3 bytes, HWC, image after image.</param>
    /// <param name="labels">Optional class ids, one per image.</param>
    /// <param name="chunkImages">Images per chunk (clamped to count): the reader's slice actors read whole chunks.</param>
    public static void Write(string path, ReadOnlySpan<byte> pixels, int count, int height, int width, byte[]? labels,
        string imagesDataset = "images", string labelsDataset = "ans", int chunkImages = 64)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(imagesDataset);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunkImages);
        const int channels = 3;
        var perImage = checked(height * width * channels);
        if (pixels.Length != (long)count * perImage)
            throw new ArgumentException($"{pixels.Length} pixel bytes given, {count}×{height}×{width}×3 = {(long)count * perImage} expected.", nameof(pixels));
        if (labels != null && labels.Length != count)
            throw new ArgumentException($"{labels.Length} labels given for {count} images.", nameof(labels));
        if (labels != null)
            ArgumentException.ThrowIfNullOrEmpty(labelsDataset);

        var imagesPerChunk = Math.Min(chunkImages, count);
        var images = new H5Dataset<byte[]>(
            fileDims: [(ulong)count, (ulong)height, (ulong)width, channels],
            chunks: [(uint)imagesPerChunk, (uint)height, (uint)width, channels],
            datasetCreation: new H5DatasetCreation(Filters: [ShuffleFilter.Id, DeflateFilter.Id]));

        var file = new H5File();
        Hdf5GroupPaths.Add(file, imagesDataset, images);
        if (labels != null)
            Hdf5GroupPaths.Add(file, labelsDataset, labels);

        var temporary = Hdf5GroupPaths.TemporaryPathFor(path);
        try
        {
            using (var writer = file.BeginWrite(temporary))
            {
                // One chunk's worth at a time: PureHDF takes arrays, the caller gives a span.
                var slab = new byte[imagesPerChunk * perImage];
                for (var start = 0; start < count; start += imagesPerChunk)
                {
                    var n = Math.Min(imagesPerChunk, count - start);
                    var buffer = n == imagesPerChunk ? slab : new byte[n * perImage];
                    pixels.Slice(start * perImage, n * perImage).CopyTo(buffer);
                    writer.Write(images, buffer, fileSelection: new HyperslabSelection(4,
                        [(ulong)start, 0, 0, 0], [(ulong)n, (ulong)height, (ulong)width, channels]));
                }
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
