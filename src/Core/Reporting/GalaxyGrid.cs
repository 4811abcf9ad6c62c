using GalaxyActors.Core.Labels;
using SkiaSharp;

namespace GalaxyActors.Core.Reporting;

/// <summary>
/// galaxies.png: 48 input galaxies in an 8 × 6 grid, like the write-up's first figure, spread evenly
/// over the input (not just the first rows) and captioned with their true class when labels exist.
/// </summary>
public sealed class GalaxyGrid
{
    public const int Columns = 8;
    public const int Rows = 6;
    public const int Scale = 2;
    private const int Gap = 6;
    private const int HeaderHeight = 48;
    private const int CaptionHeight = 22;

    private readonly GalaxyImageSource _images;
    private readonly LabelSet? _labels;

    /// <param name="imageCount">Rows the job covered; the grid samples from these.</param>
    /// <param name="labels">True classes, one per row, or null.</param>
    public GalaxyGrid(GalaxyImageSource images, int imageCount, LabelSet? labels)
    {
        _images = images;
        _labels = labels;
        Indices = Spread(imageCount, Columns * Rows);
        TileSize = (images.Available ? Math.Max(images.Width, images.Height) : 69) * Scale;
        var cell = TileSize + (labels != null ? CaptionHeight : 0) + Gap;
        var shownRows = Math.Max(1, (Indices.Length + Columns - 1) / Columns);
        Width = Gap + Columns * (TileSize + Gap);
        // Without images the figure is only the line saying so.
        Height = images.Available ? HeaderHeight + shownRows * cell + Gap : HeaderHeight + 50;
    }

    /// <summary>The rows shown, in grid order.</summary>
    public int[] Indices { get; }

    public int TileSize { get; }
    public int Width { get; }
    public int Height { get; }

    /// <summary>Evenly spaced rows i·N/count: deterministic and covering the whole input.</summary>
    public static int[] Spread(int total, int count)
    {
        var take = Math.Min(total, count);
        var indices = new int[take];
        for (var i = 0; i < take; i++)
            indices[i] = (int)((long)i * total / take);
        return indices;
    }

    public PngImage Render()
    {
        using var bitmap = Drawing.NewBitmap(Width, Height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(Drawing.Background);
            Drawing.Text(canvas, $"{Indices.Length} input galaxies", Gap * 2, 32, 22, Drawing.Ink, Width - 4 * Gap, bold: true);
            if (!_images.Available)
            {
                Drawing.Text(canvas, $"images unavailable: {_images.UnavailableReason}", Gap * 2, HeaderHeight + 30, 16, Drawing.Muted, Width - 4 * Gap);
                return PngImage.Encode(bitmap);
            }
            var cell = TileSize + (_labels != null ? CaptionHeight : 0) + Gap;
            for (var i = 0; i < Indices.Length; i++)
            {
                var left = Gap + i % Columns * (TileSize + Gap);
                var top = HeaderHeight + i / Columns * cell;
                using var galaxy = _images.Read(Indices[i]);
                Drawing.Galaxy(canvas, galaxy, new SKRect(left, top, left + TileSize, top + TileSize));
                if (_labels != null)
                    Drawing.Text(canvas, Caption(_labels.Values[Indices[i]]), left, top + TileSize + 16, 13, Drawing.Ink, TileSize);
            }
        }
        return PngImage.Encode(bitmap);
    }

    private string Caption(int value) => _labels!.IsClass(value) ? _labels.ShortName(value) : "unlabelled";
}
