using ScottPlot;

namespace GalaxyActors.Core.Reporting;

/// <summary>
/// elbow.png: within-cluster SSE against K = 1..KMax, the K used marked in red (and the knee the
/// elbow method found, in green, when a K given by the user overrides it).
/// </summary>
public sealed class ElbowPlot
{
    private readonly double[] _sse;

    /// <param name="sse">SSE for K = 1..KMax (index K − 1).</param>
    /// <param name="chosenK">The K the clustering used.</param>
    /// <param name="kneeK">The K the elbow (knee) method picked.</param>
    public ElbowPlot(double[] sse, int chosenK, int kneeK)
    {
        ArgumentNullException.ThrowIfNull(sse);
        if (sse.Length == 0)
            throw new ArgumentException("The elbow curve needs at least one SSE value.", nameof(sse));
        _sse = sse;
        MarkedK = chosenK;
        KneeK = kneeK;
    }

    /// <summary>The K drawn as "chosen" on the figure.</summary>
    public int MarkedK { get; }

    public int KneeK { get; }

    /// <summary>After <see cref="Render"/>: the image column where ScottPlot's x axis puts K = k (so a
    /// reader of the PNG can check which K the red line stands on).</summary>
    public float PixelX(int k) => _lastPlot?.GetPixel(new Coordinates(k, 0)).X
                                  ?? throw new InvalidOperationException("Render the plot first.");

    private Plot? _lastPlot;

    public PngImage Render(int width = PlotStyle.Width, int height = PlotStyle.Height)
    {
        var plot = PlotStyle.Create("Elbow method: K-means SSE against K", "number of clusters K", "within-cluster SSE");
        var ks = new double[_sse.Length];
        for (var i = 0; i < ks.Length; i++)
            ks[i] = i + 1;
        var curve = plot.Add.Scatter(ks, _sse, PlotStyle.Data);
        curve.LineWidth = 2;
        curve.MarkerSize = 8;
        curve.LegendText = "SSE";

        var chosen = plot.Add.VerticalLine(MarkedK, 2, PlotStyle.Chosen, LinePattern.Dashed);
        chosen.LegendText = $"K used = {MarkedK}";
        if (MarkedK >= 1 && MarkedK <= _sse.Length)
            plot.Add.Marker(MarkedK, _sse[MarkedK - 1], MarkerShape.OpenCircle, 22, PlotStyle.Chosen);
        if (KneeK != MarkedK)
        {
            var knee = plot.Add.VerticalLine(KneeK, 2, PlotStyle.Secondary, LinePattern.Dotted);
            knee.LegendText = $"elbow K = {KneeK}";
        }
        PlotStyle.IntegerTicks(plot.Axes.Bottom, Math.Max(_sse.Length, MarkedK));
        plot.Axes.SetLimitsX(0.5, Math.Max(_sse.Length, MarkedK) + 0.5);
        plot.ShowLegend(Alignment.UpperRight);
        var png = PngImage.FromPlot(plot, width, height);
        _lastPlot = plot;
        return png;
    }
}
