using ScottPlot;

namespace GalaxyActors.Core.Reporting;

/// <summary>Shared look of the ScottPlot figures: the report's font, sizes legible at the width the page shows them.</summary>
internal static class PlotStyle
{
    public const int Width = 800;
    public const int Height = 500;

    public static readonly Color Data = new(31, 119, 180);
    public static readonly Color Chosen = new(214, 39, 40);
    public static readonly Color Secondary = new(44, 160, 44);
    public static readonly Color Target = new(127, 127, 127);

    public static Plot Create(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        ReportFont.Apply(plot);
        plot.Title(title, size: 20);
        plot.XLabel(xLabel, size: 16);
        plot.YLabel(yLabel, size: 16);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 14;
        plot.Axes.Left.TickLabelStyle.FontSize = 14;
        plot.Legend.FontSize = 14;
        return plot;
    }

    /// <summary>Integer ticks only (K, component numbers): a tick at 2.5 clusters would mean nothing.</summary>
    public static void IntegerTicks(IAxis axis, int count)
    {
        var step = Math.Max(1, (int)Math.Ceiling(count / 15.0));
        axis.TickGenerator = new ScottPlot.TickGenerators.NumericFixedInterval(step);
    }
}
