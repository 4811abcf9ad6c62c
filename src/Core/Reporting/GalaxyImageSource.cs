using GalaxyActors.Core.Hdf5;
using SkiaSharp;

namespace GalaxyActors.Core.Reporting;

/// <summary>
/// The job's input images, for montages and the galaxy grid, when they can still be read: a job that
/// started from a feature store only knows where its images were (the store's attributes), and that
/// file may be gone or moved. Then <see cref="Available"/> is false and <see cref="UnavailableReason"/>
/// says why, so the figures can say so instead of failing the whole report.
/// </summary>
public sealed class GalaxyImageSource : IDisposable
{
    private readonly GalaxyImageFile? _file;

    private GalaxyImageSource(GalaxyImageFile? file, string? reason)
    {
        _file = file;
        UnavailableReason = reason;
    }

    public bool Available => _file != null;
    public string? UnavailableReason { get; }
    public string? Path => _file?.Path;
    public int Width => _file?.Width ?? 0;
    public int Height => _file?.Height ?? 0;

    public static GalaxyImageSource Unavailable(string reason) => new(null, reason);

    /// <summary>Opens the images if <paramref name="path"/> exists, holds <paramref name="dataset"/> and at least <paramref name="rowsNeeded"/> images.</summary>
    public static GalaxyImageSource Open(string? path, string? dataset, int rowsNeeded)
    {
        if (string.IsNullOrEmpty(path) || string.IsNullOrEmpty(dataset))
            return Unavailable("the results do not name the input images (the job started from a feature store without provenance)");
        if (!File.Exists(path))
            return Unavailable($"the input images file {path} is not there any more");
        GalaxyImageFile file;
        try
        {
            file = GalaxyImageFile.Open(path, dataset, labelsDataset: null);
        }
        catch (InvalidInputException e)
        {
            return Unavailable(e.Message);
        }
        if (file.Count < rowsNeeded)
        {
            var count = file.Count;
            file.Dispose();
            return Unavailable($"{path} holds {count} images, fewer than the {rowsNeeded} the results describe");
        }
        return new GalaxyImageSource(file, null);
    }

    /// <summary>Image <paramref name="index"/> as an opaque RGBA bitmap at its own size.</summary>
    public SKBitmap Read(int index)
    {
        var file = _file ?? throw new InvalidOperationException($"Images unavailable: {UnavailableReason}");
        var rgb = new byte[file.ValuesPerImage];
        if (file.PixelType == PixelType.UInt8)
        {
            file.ReadImageBytes(index, 1, rgb);
        }
        else
        {
            var pixels = file.ReadImages(index, 1).Pixels;
            for (var i = 0; i < rgb.Length; i++)
                rgb[i] = (byte)Math.Clamp(MathF.Round(pixels[i]), 0, 255);
        }
        var bitmap = new SKBitmap(new SKImageInfo(file.Width, file.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var rgba = new byte[file.Width * file.Height * 4];
        for (int p = 0, q = 0; p < rgb.Length; p += 3, q += 4)
        {
            rgba[q] = rgb[p];
            rgba[q + 1] = rgb[p + 1];
            rgba[q + 2] = rgb[p + 2];
            rgba[q + 3] = 255;
        }
        System.Runtime.InteropServices.Marshal.Copy(rgba, 0, bitmap.GetPixels(), rgba.Length);
        return bitmap;
    }

    public void Dispose() => _file?.Dispose();
}
