using SkiaSharp;

namespace GalaxyActors.Core.Reporting;

/// <summary>The few SkiaSharp drawing steps the image figures share: text in the report font, enlarged galaxy tiles, PNG output.</summary>
internal static class Drawing
{
    public static readonly SKColor Background = SKColors.White;
    public static readonly SKColor Ink = new(0x22, 0x22, 0x22);
    public static readonly SKColor Muted = new(0x66, 0x66, 0x66);

    public static SKBitmap NewBitmap(int width, int height) =>
        new(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));

    /// <summary>Draws <paramref name="text"/> left-aligned with its baseline at y, cut with "…" to fit <paramref name="maxWidth"/>.</summary>
    public static void Text(SKCanvas canvas, string text, float x, float y, float size, SKColor colour, float maxWidth, bool bold = false)
    {
        using var font = new SKFont(bold ? ReportFont.Bold : ReportFont.Regular, size) { Subpixel = false, Edging = SKFontEdging.Antialias };
        using var paint = new SKPaint { Color = colour, IsAntialias = true };
        canvas.DrawText(Fit(text, font, maxWidth), x, y, SKTextAlign.Left, font, paint);
    }

    private static string Fit(string text, SKFont font, float maxWidth)
    {
        if (font.MeasureText(text) <= maxWidth)
            return text;
        for (var length = text.Length - 1; length > 0; length--)
        {
            var cut = text[..length].TrimEnd() + "…";
            if (font.MeasureText(cut) <= maxWidth)
                return cut;
        }
        return "";
    }

    /// <summary>Draws a galaxy enlarged to the square <paramref name="target"/>, nearest-neighbour so each pixel stays a pixel (and the output is exact).</summary>
    public static void Galaxy(SKCanvas canvas, SKBitmap galaxy, SKRect target)
    {
        using var image = SKImage.FromBitmap(galaxy);
        canvas.DrawImage(image, target, new SKSamplingOptions(SKFilterMode.Nearest, SKMipmapMode.None));
    }

    public static void Placeholder(SKCanvas canvas, SKRect target)
    {
        using var paint = new SKPaint { Color = new SKColor(0xee, 0xee, 0xee), Style = SKPaintStyle.Fill };
        canvas.DrawRect(target, paint);
    }
}
