using ScottPlot;

namespace GalaxyActors.Core.Reporting;

/// <summary>
/// pca_variance.png: cumulative explained variance against the number of components, the variance
/// target as a horizontal line and the number of components kept as a vertical one.
/// </summary>
public sealed class PcaVariancePlot
{
    private readonly double[] _ratio;

    /// <param name="explainedVarianceRatio">Per component, descending (all stored components, not only those kept).</param>
    public PcaVariancePlot(double[] explainedVarianceRatio, double targetVariance, int components)
    {
        ArgumentNullException.ThrowIfNull(explainedVarianceRatio);
        if (explainedVarianceRatio.Length == 0)
            throw new ArgumentException("No explained variance ratios to plot.", nameof(explainedVarianceRatio));
        _ratio = explainedVarianceRatio;
        TargetVariance = targetVariance;
        MarkedComponents = components;
    }

    public double TargetVariance { get; }

    /// <summary>The number of components drawn as "kept".</summary>
    public int MarkedComponents { get; }

    public PngImage Render(int width = PlotStyle.Width, int height = PlotStyle.Height)
    {
        // Show the kept components and some beyond them, so the flattening is visible, but not
        // hundreds of near-zero ones that squash the interesting part.
        var shown = Math.Min(_ratio.Length, Math.Max(MarkedComponents * 2, Math.Min(20, _ratio.Length)));
        var xs = new double[shown];
        var cumulative = new double[shown];
        double sum = 0;
        for (var i = 0; i < shown; i++)
        {
            sum += _ratio[i];
            xs[i] = i + 1;
            cumulative[i] = sum;
        }
        var plot = PlotStyle.Create("PCA: cumulative explained variance", "number of principal components", "cumulative explained variance");
        var curve = plot.Add.Scatter(xs, cumulative, PlotStyle.Data);
        curve.LineWidth = 2;
        curve.MarkerSize = shown > 60 ? 0 : 5;
        curve.LegendText = "cumulative explained variance";
        var target = plot.Add.HorizontalLine(TargetVariance, 2, PlotStyle.Target, LinePattern.Dashed);
        target.LegendText = $"target {TargetVariance:P0}";
        var kept = plot.Add.VerticalLine(MarkedComponents, 2, PlotStyle.Chosen, LinePattern.Dashed);
        var reached = MarkedComponents >= 1 && MarkedComponents <= shown ? cumulative[MarkedComponents - 1] : double.NaN;
        kept.LegendText = double.IsNaN(reached) ? $"{MarkedComponents} components kept" : $"{MarkedComponents} components kept ({reached:P1})";
        plot.Axes.SetLimitsY(0, 1.05);
        plot.Axes.SetLimitsX(0, shown + 1);
        plot.ShowLegend(Alignment.LowerRight);
        return PngImage.FromPlot(plot, width, height);
    }
}
