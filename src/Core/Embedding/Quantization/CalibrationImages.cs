using GalaxyActors.Core.Hdf5;
using GalaxyActors.Core.Imaging;

namespace GalaxyActors.Core.Embedding.Quantization;

/// <summary>
/// Where int8 calibration images come from: the job's own image file (the usual case: every worker reads the same
/// evenly spaced sample of it, so every node builds the byte-identical model) or images already in memory.
/// </summary>
public sealed record CalibrationImages
{
    private CalibrationImages(string? path, string imagesDataset, ImageBatch? images)
    {
        Path = path;
        ImagesDataset = imagesDataset;
        Images = images;
    }

    /// <summary>HDF5 image file in the Galaxy10 layout; null when <see cref="Images"/> is given.</summary>
    public string? Path { get; }

    public string ImagesDataset { get; }

    /// <summary>Images in memory; null when read from <see cref="Path"/>.</summary>
    public ImageBatch? Images { get; }

    public static CalibrationImages FromFile(string path, string imagesDataset = "images") => new(path, imagesDataset, null);

    public static CalibrationImages FromBatch(ImageBatch images) => new(null, "", images ?? throw new ArgumentNullException(nameof(images)));

    /// <summary>Where the images come from, for messages.</summary>
    public string Source => Path is null ? $"{Images!.Count} in-memory images" : $"{Path}:{ImagesDataset}";

    /// <summary>
    /// Up to <paramref name="sampleSize"/> images evenly spaced over the source: image ⌊(k + ½)·count/n⌋ for k &lt; n,
    /// so the sample spans the whole file (files are often ordered by class or survey field) and is fixed by the file.
    /// </summary>
    public ImageBatch Sample(int sampleSize)
    {
        if (Images is not null)
            return Pick(Images.Count, Images.Height, Images.Width, Images.Channels, sampleSize, (index, target) => Images.Image(index).CopyTo(target));
        using var file = GalaxyImageFile.Open(Path!, ImagesDataset, labelsDataset: null);
        if (file.Count == 0)
            throw new InvalidInputException($"--precision int8: {Source} holds no images to calibrate on.");
        return Pick(file.Count, file.Height, file.Width, file.Channels, sampleSize, (index, target) => file.ReadImages(index, 1).Pixels.CopyTo(target));
    }

    private static ImageBatch Pick(int count, int height, int width, int channels, int sampleSize, Action<int, Span<float>> read)
    {
        var n = Math.Min(sampleSize, count);
        var perImage = height * width * channels;
        var pixels = new float[(long)n * perImage];
        for (var k = 0; k < n; k++)
            read((int)((k + 0.5) * count / n), pixels.AsSpan(k * perImage, perImage));
        return new ImageBatch(0, n, height, width, channels, pixels);
    }
}
