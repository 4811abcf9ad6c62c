using GalaxyActors.Core.Reporting;
using SkiaSharp;

namespace GalaxyActors.Core.Tests.Reporting;

public class ReportFontTests
{
    [Fact]
    public void The_report_font_is_found_and_draws_visible_text()
    {
        Assert.Equal(ReportFont.Family, ReportFont.Regular.FamilyName);
        // A montage without images is only text: its label column must hold ink.
        using var images = GalaxyImageSource.Unavailable("test");
        var montage = new ClusterMontage("title", [new MontageRow(0, 5, [], null, 0)], images);
        using var bitmap = SKBitmap.Decode(montage.Render().Bytes);
        var dark = 0;
        for (var y = montage.Layout.RowTop(0); y < montage.Layout.Height; y++)
            for (var x = 0; x < montage.Layout.LabelWidth; x++)
                if (bitmap.GetPixel(x, y).Red < 128) dark++;
        Assert.True(dark > 100, $"only {dark} dark pixels where 'Cluster 0 / 5 galaxies' should be");
    }
}
