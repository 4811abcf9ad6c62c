using ScottPlot;
using SkiaSharp;

namespace GalaxyActors.Core.Reporting;

/// <summary>
/// embedding.png: the 2-D map of the reduced features (t-SNE, or the two leading principal
/// components), one panel per labelling (K-means, spectral, and the true classes when known) side by
/// side, every point coloured by its group, so the panels can be compared point for point.
/// </summary>
public sealed class EmbeddingPlot
{
    public const int PanelWidth = 720;
    public const int PanelHeight = 680;

    private readonly float[] _map;
    private readonly string _mapName;

    /// <param name="map">N × 2, row-major (x, y).</param>
    /// <param name="mapName">What the axes are ("t-SNE", "PCA").</param>
    public EmbeddingPlot(float[] map, string mapName, IReadOnlyList<EmbeddingPanel> panels)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(panels);
        if (map.Length % 2 != 0)
            throw new ArgumentException("The map must hold (x, y) pairs.", nameof(map));
        if (panels.Count == 0)
            throw new ArgumentException("At least one panel is needed.", nameof(panels));
        foreach (var panel in panels)
            if (panel.Groups.Length != map.Length / 2)
                throw new ArgumentException($"Panel '{panel.Title}' has {panel.Groups.Length} groups for {map.Length / 2} points.", nameof(panels));
        _map = map;
        _mapName = mapName;
        Panels = panels;
    }

    public IReadOnlyList<EmbeddingPanel> Panels { get; }

    public int Width => PanelWidth * Panels.Count;
    public int Height => PanelHeight;

    public PngImage Render()
    {
        var info = new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var surface = SKSurface.Create(info);
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        for (var p = 0; p < Panels.Count; p++)
        {
            var plot = BuildPanel(Panels[p]);
            canvas.Save();
            canvas.Translate(p * PanelWidth, 0);
            canvas.ClipRect(new SKRect(0, 0, PanelWidth, PanelHeight));
            plot.Render(canvas, PanelWidth, PanelHeight);
            canvas.Restore();
        }
        using var bitmap = new SKBitmap(info);
        surface.ReadPixels(info, bitmap.GetPixels(), info.RowBytes, 0, 0);
        return PngImage.Encode(bitmap);
    }

    private Plot BuildPanel(EmbeddingPanel panel)
    {
        var n = _map.Length / 2;
        var plot = PlotStyle.Create(panel.Title, $"{_mapName} 1", $"{_mapName} 2");
        var groups = new SortedDictionary<int, List<int>>();
        for (var i = 0; i < n; i++)
        {
            if (!groups.TryGetValue(panel.Groups[i], out var members))
                groups[panel.Groups[i]] = members = [];
            members.Add(i);
        }
        // Small markers for big maps, or the points become one blot.
        var markerSize = n > 5000 ? 2f : n > 1000 ? 3.5f : 6f;
        var legend = new List<LegendItem>();
        var colour = 0;
        foreach (var (group, members) in groups)
        {
            var xs = new double[members.Count];
            var ys = new double[members.Count];
            for (var j = 0; j < members.Count; j++)
            {
                xs[j] = _map[2 * members[j]];
                ys[j] = _map[2 * members[j] + 1];
            }
            var color = ClusterPalette.Color(colour++);
            var markers = plot.Add.Markers(xs, ys, MarkerShape.FilledCircle, markerSize, color);
            markers.LegendText = "";
            legend.Add(new LegendItem
            {
                LabelText = $"{panel.GroupName(group)} ({members.Count})",
                MarkerShape = MarkerShape.FilledCircle,
                MarkerSize = 10,
                MarkerFillColor = color,
                MarkerLineColor = color,
                LineWidth = 0,
            });
        }
        // Below the map, not over it: a legend inside the axes hides the very points it names.
        plot.Legend.ManualItems.AddRange(legend);
        plot.Legend.FontSize = 13;
        plot.Legend.Orientation = Orientation.Horizontal;
        plot.ShowLegend(Edge.Bottom);
        return plot;
    }
}
