using ScottPlot;

namespace GalaxyActors.Core.Reporting;

/// <summary>Colours for cluster and class ids: Tableau's Category20, the ten strong colours first, then their light partners.</summary>
public static class ClusterPalette
{
    private static readonly IPalette Palette = new ScottPlot.Palettes.Category20();

    public static Color Color(int index)
    {
        // Category20 pairs each colour with a lighter one (0,1 = blue, light blue …): take the strong ones first.
        var count = Palette.Colors.Length;
        var pairs = count / 2;
        var i = index % count;
        return Palette.Colors[i < pairs ? 2 * i : 2 * (i - pairs) + 1];
    }
}
