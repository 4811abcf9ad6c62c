using SkiaSharp;

namespace GalaxyActors.Core.Reporting;

/// <summary>
/// montage_kmeans.png / montage_spectral.png: per cluster a row with its id and size, its majority
/// true class (named as the labels name it) when labels exist, and the galaxies nearest its centre enlarged, like the
/// write-up's montages. Without images the rows still carry id and size, and say why there are no galaxies.
/// </summary>
public sealed class ClusterMontage
{
    public const int DefaultColumns = 12;
    public const int Scale = 2;

    private readonly string _title;
    private readonly IReadOnlyList<MontageRow> _rows;
    private readonly GalaxyImageSource _images;

    public ClusterMontage(string title, IReadOnlyList<MontageRow> rows, GalaxyImageSource images, int columns = DefaultColumns)
    {
        _title = title;
        _rows = rows;
        _images = images;
        var tile = images.Available ? Math.Max(images.Width, images.Height) * Scale : 69 * Scale;
        Layout = new MontageLayout(rows.Count, columns, tile, Gap: 6, LabelWidth: 250, HeaderHeight: 48);
    }

    public MontageLayout Layout { get; }

    public PngImage Render()
    {
        var layout = Layout;
        using var bitmap = Drawing.NewBitmap(layout.Width, layout.Height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(Drawing.Background);
            Drawing.Text(canvas, _title, layout.Gap * 2, 32, 22, Drawing.Ink, layout.Width - 4 * layout.Gap, bold: true);
            using var rule = new SKPaint { Color = new SKColor(0xdd, 0xdd, 0xdd), StrokeWidth = 1 };
            for (var r = 0; r < _rows.Count; r++)
            {
                var row = _rows[r];
                var top = layout.RowTop(r);
                canvas.DrawLine(0, top + 0.5f, layout.Width, top + 0.5f, rule);
                DrawLabel(canvas, row, top);
                if (!_images.Available)
                {
                    Drawing.Text(canvas, $"images unavailable: {_images.UnavailableReason}", layout.TileLeft(0), top + layout.RowHeight / 2f + 6,
                        16, Drawing.Muted, layout.Width - layout.TileLeft(0) - layout.Gap);
                    continue;
                }
                for (var c = 0; c < row.Nearest.Length && c < layout.Columns; c++)
                {
                    var left = layout.TileLeft(c);
                    using var galaxy = _images.Read(row.Nearest[c]);
                    Drawing.Galaxy(canvas, galaxy, new SKRect(left, top + layout.Gap, left + layout.TileSize, top + layout.Gap + layout.TileSize));
                }
            }
        }
        return PngImage.Encode(bitmap);
    }

    private void DrawLabel(SKCanvas canvas, MontageRow row, int top)
    {
        var x = Layout.Gap * 2;
        var width = Layout.LabelWidth - 3 * Layout.Gap;
        Drawing.Text(canvas, $"Cluster {row.Cluster}", x, top + 34, 22, ClusterColour(row.Cluster), width, bold: true);
        Drawing.Text(canvas, row.Size == 1 ? "1 galaxy" : $"{row.Size:N0} galaxies", x, top + 62, 16, Drawing.Ink, width);
        if (row.MajorityClass is { } majority)
        {
            Drawing.Text(canvas, $"mostly ({row.MajorityFraction:P0}):", x, top + 90, 14, Drawing.Muted, width);
            Drawing.Text(canvas, row.MajorityName ?? $"class {majority}", x, top + 110, 14, Drawing.Ink, width);
        }
        if (row.Size == 0)
            Drawing.Text(canvas, "(empty)", x, top + 90, 14, Drawing.Muted, width);
    }

    private static SKColor ClusterColour(int cluster)
    {
        var colour = ClusterPalette.Color(cluster);
        return new SKColor(colour.R, colour.G, colour.B);
    }
}
