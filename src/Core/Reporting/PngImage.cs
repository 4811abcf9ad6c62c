using SkiaSharp;

namespace GalaxyActors.Core.Reporting;

/// <summary>A rendered figure: its PNG bytes and pixel size (what the HTML declares and the tests decode).</summary>
public sealed record PngImage(byte[] Bytes, int Width, int Height)
{
    /// <summary>Encodes a bitmap losslessly; Skia's PNG encoder is deterministic for equal pixels.</summary>
    public static PngImage Encode(SKBitmap bitmap)
    {
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return new PngImage(data.ToArray(), bitmap.Width, bitmap.Height);
    }

    public static PngImage FromPlot(ScottPlot.Plot plot, int width, int height) =>
        new(plot.GetImageBytes(width, height, ScottPlot.ImageFormat.Png), width, height);

    public void Save(string path) => File.WriteAllBytes(path, Bytes);
}
