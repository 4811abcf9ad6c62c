using System.Buffers;
using GalaxyActors.Core.Imaging;
using PureHDF.VOL.Native;

namespace GalaxyActors.Core.Hdf5;

/// <summary>
/// An input file in the Galaxy10 layout: an images dataset [N,H,W,3] of uint8 (or float32 on the
/// 0..255 scale) and optional integer labels [N]. <see cref="Open"/> validates everything a user can
/// get wrong and reports it as one <see cref="InvalidInputException"/>; reads are hyperslabs of the
/// requested rows only, so a slice actor never loads the whole file.
/// </summary>
/// <remarks>
/// Thread-safety: reads of one instance are serialised by a lock (PureHDF 2.2 documents concurrent
/// reads only for some ways of opening, and its object navigation is single-threaded), so concurrent
/// callers are correct but wait for each other. For parallel reads open one instance per thread;
/// opening is cheap (a memory map and the file's metadata).
/// </remarks>
public sealed class GalaxyImageFile : IDisposable
{
    private const string What = "Input file";

    private readonly Hdf5ReadHandle _file;
    private readonly NativeDataset _images;
    private readonly ulong[] _imageDims;
    private readonly NativeDataset? _labels;
    private readonly Hdf5ElementType _labelType;
    private readonly Lock _gate = new();
    private bool _disposed;

    private GalaxyImageFile(string path, string imagesDataset, string? labelsDataset, Hdf5ReadHandle file, NativeDataset images,
        ulong[] imageDims, PixelType pixelType, NativeDataset? labels, Hdf5ElementType labelType)
    {
        Path = path;
        ImagesDataset = imagesDataset;
        LabelsDataset = labelsDataset;
        _file = file;
        _images = images;
        _imageDims = imageDims;
        PixelType = pixelType;
        _labels = labels;
        _labelType = labelType;
        Count = (int)imageDims[0];
        Height = (int)imageDims[1];
        Width = (int)imageDims[2];
        Channels = (int)imageDims[3];
    }

    public string Path { get; }
    public string ImagesDataset { get; }

    /// <summary>The labels dataset name asked for (it may be absent: see <see cref="HasLabels"/>).</summary>
    public string? LabelsDataset { get; }

    public int Count { get; }
    public int Height { get; }
    public int Width { get; }
    public int Channels { get; }
    public PixelType PixelType { get; }
    public bool HasLabels => _labels != null;

    /// <summary>Height×Width×Channels: the values in one image.</summary>
    public int ValuesPerImage => Height * Width * Channels;

    /// <summary>
    /// Opens and validates <paramref name="path"/>. Labels are optional unless
    /// <paramref name="labelsRequired"/>; a null <paramref name="labelsDataset"/> means "no labels".
    /// </summary>
    public static GalaxyImageFile Open(string path, string imagesDataset = "images", string? labelsDataset = "ans", bool labelsRequired = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(imagesDataset);
        if (labelsRequired && string.IsNullOrEmpty(labelsDataset))
            throw new ArgumentException("Labels are required but no labels dataset name was given.", nameof(labelsDataset));

        var file = Hdf5FileOpener.OpenRead(path, What);
        try
        {
            var images = Hdf5FileOpener.RequireDataset(file.File, path, imagesDataset, What);
            var dims = ValidateImages(path, imagesDataset, images, out var pixelType);

            NativeDataset? labels = null;
            var labelType = Hdf5ElementType.Unsupported;
            if (!string.IsNullOrEmpty(labelsDataset))
            {
                labels = Hdf5FileOpener.FindDataset(file.File, path, labelsDataset, What);
                if (labels == null && labelsRequired)
                    throw new InvalidInputException($"{What} '{path}' has no labels dataset '{labelsDataset}', and labels are required.");
                if (labels != null)
                    labelType = ValidateLabels(path, labelsDataset, labels, (long)dims[0]);
            }
            return new GalaxyImageFile(path, imagesDataset, labelsDataset, file, images, dims, pixelType, labels, labelType);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private static ulong[] ValidateImages(string path, string name, NativeDataset images, out PixelType pixelType)
    {
        var where = $"{What} '{path}', dataset '{InputText.Brief(name)}'";
        var dims = images.Space.Dimensions;
        if (dims.Length != 4)
            throw new InvalidInputException($"{where} has shape {Hdf5FileOpener.Shape(images)} (rank {dims.Length}); expected rank 4 [N,height,width,3].");
        if (dims[3] != 3)
            throw new InvalidInputException($"{where} has {dims[3]} channels (shape {Hdf5FileOpener.Shape(images)}); expected 3 (RGB, [N,height,width,3]).");
        pixelType = Hdf5ElementTypes.Of(images.Type) switch
        {
            Hdf5ElementType.UInt8 => PixelType.UInt8,
            Hdf5ElementType.Float32 => PixelType.Float32,
            _ => throw new InvalidInputException($"{where} has element type {Hdf5ElementTypes.Describe(images.Type)}; only uint8 and float32 images are supported."),
        };
        if (dims[0] == 0)
            throw new InvalidInputException($"{where} holds zero images (shape {Hdf5FileOpener.Shape(images)}).");
        if (dims[1] == 0 || dims[2] == 0)
            throw new InvalidInputException($"{where} has empty images (shape {Hdf5FileOpener.Shape(images)}).");
        if (dims[0] > int.MaxValue || dims[1] * dims[2] * 3 > int.MaxValue / 4)
            throw new InvalidInputException($"{where} is too large (shape {Hdf5FileOpener.Shape(images)}).");
        return dims;
    }

    private static Hdf5ElementType ValidateLabels(string path, string name, NativeDataset labels, long count)
    {
        var where = $"{What} '{path}', labels dataset '{InputText.Brief(name)}'";
        var dims = labels.Space.Dimensions;
        if (dims.Length != 1)
            throw new InvalidInputException($"{where} has shape {Hdf5FileOpener.Shape(labels)}; expected rank 1 [N] with N = {count}.");
        var type = Hdf5ElementTypes.Of(labels.Type);
        if (!type.IsInteger())
            throw new InvalidInputException($"{where} has element type {Hdf5ElementTypes.Describe(labels.Type)}; expected integer class ids.");
        if ((long)dims[0] != count)
            throw new InvalidInputException($"{where} has {dims[0]} labels but there are {count} images.");
        return type;
    }

    /// <summary>
    /// Images [start, start+count) as float32 on the 0..255 scale, read as one hyperslab. A float32 file's NaN and
    /// infinite pixels are set to 0 (empty sky): one bad pixel would otherwise make the image's every feature NaN and
    /// fail the job (<see cref="PixelSurvey"/> warns about them).
    /// </summary>
    public ImageBatch ReadImages(int start, int count) => ReadImages(start, count, out _);

    /// <summary>As <see cref="ReadImages(int, int)"/>, counting the non-finite pixels set to 0.</summary>
    public ImageBatch ReadImages(int start, int count, out int nonFiniteReplaced)
    {
        CheckRange(start, count);
        var pixels = new float[(long)count * ValuesPerImage];
        nonFiniteReplaced = 0;
        if (PixelType == PixelType.Float32)
        {
            Read(start, count, () => Hdf5Reading.ReadRaw(_images, _imageDims, start, count, pixels.AsSpan()));
            nonFiniteReplaced = Linalg.FiniteRows.Replace(pixels, 0f);
        }
        else
        {
            var bytes = ArrayPool<byte>.Shared.Rent(Math.Max(pixels.Length, 1));
            try
            {
                Read(start, count, () => Hdf5Reading.ReadRaw(_images, _imageDims, start, count, bytes.AsSpan(0, pixels.Length)));
                PixelConversion.WidenToSingle(bytes.AsSpan(0, pixels.Length), pixels);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(bytes);
            }
        }
        return new ImageBatch(start, count, Height, Width, Channels, pixels);
    }

    /// <summary>
    /// The raw 8-bit pixels of images [start, start+count), HWC, into <paramref name="destination"/>
    /// (at least count×<see cref="ValuesPerImage"/> bytes). Only for uint8 files.
    /// </summary>
    public void ReadImageBytes(int start, int count, Span<byte> destination)
    {
        CheckRange(start, count);
        if (PixelType != PixelType.UInt8)
            throw new InvalidOperationException($"{What} '{Path}', dataset '{ImagesDataset}' holds float32 pixels, not bytes; use ReadImages.");
        var length = (long)count * ValuesPerImage;
        if (destination.Length < length)
            throw new ArgumentException($"Destination holds {destination.Length} bytes, fewer than {count} images need ({length}).", nameof(destination));
        var target = destination[..(int)length];
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            try
            {
                Hdf5Reading.ReadRaw(_images, _imageDims, start, count, target);
            }
            catch (Exception ex) when (ex is not InvalidInputException)
            {
                throw ReadFailure(ImagesDataset, start, count, ex);
            }
        }
    }

    /// <summary>All labels as ints (any integer type on disk).</summary>
    public int[] ReadLabels() => ReadLabels(0, Count);

    /// <summary>Labels [start, start+count) as ints.</summary>
    public int[] ReadLabels(int start, int count)
    {
        CheckRange(start, count);
        if (_labels == null)
            throw new InvalidOperationException($"{What} '{Path}' has no labels dataset '{LabelsDataset}'.");
        var labels = new int[count];
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            try
            {
                Hdf5Reading.ReadConverted(_labels, _labelType, _labels.Space.Dimensions, start, count, labels.AsSpan());
            }
            catch (OverflowException ex)
            {
                throw new InvalidInputException($"{What} '{Path}', labels dataset '{LabelsDataset}' holds a value outside the int range: {ex.Message}", ex);
            }
            catch (Exception ex) when (ex is not InvalidInputException)
            {
                throw ReadFailure(LabelsDataset!, start, count, ex);
            }
        }
        return labels;
    }

    private void Read(int start, int count, Action read)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            try
            {
                read();
            }
            catch (Exception ex) when (ex is not InvalidInputException)
            {
                throw ReadFailure(ImagesDataset, start, count, ex);
            }
        }
    }

    private InvalidInputException ReadFailure(string dataset, int start, int count, Exception ex) =>
        new($"{What} '{Path}', dataset '{dataset}': rows {start}..{start + count} could not be read (corrupt or truncated file?): {ex.Message}", ex);

    private void CheckRange(int start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (start > Count)
            throw new ArgumentOutOfRangeException(nameof(start), start, $"Start is past the {Count} images in '{Path}'.");
        if (count > Count - start)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"Images {start}..{(long)start + count} run past the {Count} images in '{Path}'.");
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
