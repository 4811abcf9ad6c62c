using ScottPlot;

namespace GalaxyActors.Core.Reporting;

/// <summary>
/// eigenvalues.png: the smallest eigenvalues of the normalised graph Laplacian in ascending order,
/// with the eigengap (between eigenvalue K and K+1) shaded: K eigenvalues near zero mean K clusters.
/// </summary>
public sealed class EigenvaluePlot
{
    public const int Shown = 10;

    private readonly double[] _eigenvalues;

    /// <param name="eigenvalues">Ascending.</param>
    /// <param name="gapK">The K of the eigengap: the gap lies between eigenvalue K and K + 1 (1-based).</param>
    /// <param name="usedK">The K spectral clustering used (differs from <paramref name="gapK"/> when the user gave --k).</param>
    public EigenvaluePlot(double[] eigenvalues, int gapK, int usedK)
    {
        ArgumentNullException.ThrowIfNull(eigenvalues);
        if (eigenvalues.Length == 0)
            throw new ArgumentException("No eigenvalues to plot.", nameof(eigenvalues));
        _eigenvalues = eigenvalues;
        MarkedGapK = gapK;
        UsedK = usedK;
    }

    /// <summary>The gap drawn lies between eigenvalue MarkedGapK and MarkedGapK + 1.</summary>
    public int MarkedGapK { get; }

    public int UsedK { get; }

    public PngImage Render(int width = PlotStyle.Width, int height = PlotStyle.Height)
    {
        var count = Math.Min(Shown, _eigenvalues.Length);
        var xs = new double[count];
        var ys = new double[count];
        for (var i = 0; i < count; i++)
        {
            xs[i] = i + 1;
            ys[i] = _eigenvalues[i];
        }
        var plot = PlotStyle.Create("Spectral clustering: smallest Laplacian eigenvalues", "index (ascending)", "eigenvalue");
        if (MarkedGapK >= 1 && MarkedGapK < count)
        {
            var gap = plot.Add.HorizontalSpan(MarkedGapK, MarkedGapK + 1, PlotStyle.Chosen.WithAlpha(0.18));
            gap.LegendText = $"largest gap, after eigenvalue {MarkedGapK}: K = {MarkedGapK}";
            var low = plot.Add.HorizontalLine(ys[MarkedGapK - 1], 1, PlotStyle.Chosen, LinePattern.Dotted);
            var high = plot.Add.HorizontalLine(ys[MarkedGapK], 1, PlotStyle.Chosen, LinePattern.Dotted);
            low.ExcludeFromLegend = true;
            high.ExcludeFromLegend = true;
        }
        var points = plot.Add.Scatter(xs, ys, PlotStyle.Data);
        points.LineWidth = 1;
        points.MarkerSize = 10;
        points.LegendText = "eigenvalue";
        if (UsedK != MarkedGapK)
        {
            var used = plot.Add.VerticalLine(UsedK + 0.5, 2, PlotStyle.Secondary, LinePattern.Dashed);
            used.LegendText = $"K used = {UsedK}";
        }
        PlotStyle.IntegerTicks(plot.Axes.Bottom, count);
        plot.Axes.SetLimitsX(0.5, count + 0.5);
        var top = 0.0;
        foreach (var y in ys) top = Math.Max(top, y);
        plot.Axes.SetLimitsY(-0.05 * Math.Max(top, 1e-6), top * 1.15 + 1e-6);
        plot.ShowLegend(Alignment.UpperLeft);
        return PngImage.FromPlot(plot, width, height);
    }
}
