using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using GalaxyActors.Core.Reporting;
using GalaxyActors.Core.Results;
using SkiaSharp;

namespace GalaxyActors.Core.Tests.Reporting;

/// <summary>What the figures show and mark, re-rendering, and the page in a real browser.</summary>
[Collection(ReportJobCollection.Name)]
public class ReportRenderingTests(ReportJobFixture job)
{
    [Fact]
    public void Re_rendering_a_finished_folder_reproduces_every_figure_and_the_page_byte_for_byte()
    {
        var copy = job.CopyResultsWithoutReport();
        try
        {
            var files = ReportWriter.Write(copy);
            Assert.Equal(Path.Combine(copy, ReportWriter.ReportFileName), files.ReportPath);
            foreach (var name in ReportJobFixture.FigureNames.Append(ReportWriter.ReportFileName))
                Assert.True(File.ReadAllBytes(Path.Combine(job.Output, name)).SequenceEqual(File.ReadAllBytes(Path.Combine(copy, name))),
                    $"{name} differs when re-rendered from the result folder");
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    [Fact]
    public void Elbow_plot_marks_the_K_that_summary_json_reports()
    {
        var copy = job.CopyResultsWithoutReport();
        try
        {
            var files = ReportWriter.Write(copy);
            var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(copy, "summary.json"))).RootElement;
            Assert.Equal(summary.GetProperty("kmeans").GetProperty("k").GetInt32(), files.ElbowMarkedK);
            Assert.Equal(summary.GetProperty("spectral").GetProperty("kAuto").GetInt32(), files.EigenvalueGapK);
            Assert.Equal(summary.GetProperty("pca").GetProperty("components").GetInt32(), files.PcaMarkedComponents);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    [Fact]
    public void Each_montage_has_one_row_per_cluster_with_its_nearest_galaxies_drawn()
    {
        var copy = job.CopyResultsWithoutReport();
        try
        {
            var files = ReportWriter.Write(copy);
            Assert.Null(files.ImagesUnavailableReason);
            AssertMontage(Path.Combine(copy, ReportWriter.MontageKMeans), files.KMeansMontage, job.Summary.KMeans.K, job.Summary.KMeans.Sizes);
            AssertMontage(Path.Combine(copy, ReportWriter.MontageSpectral), files.SpectralMontage, job.Summary.Spectral.K, job.Summary.Spectral.Sizes);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    private static void AssertMontage(string path, MontageLayout layout, int k, int[] sizes)
    {
        Assert.Equal(k, layout.Rows);
        Assert.Equal(ClusterMontage.DefaultColumns, layout.Columns);
        Assert.Equal(69 * ClusterMontage.Scale, layout.TileSize);
        using var bitmap = SKBitmap.Decode(path);
        Assert.Equal(layout.HeaderHeight + k * layout.RowHeight, bitmap.Height);
        Assert.Equal(layout.Width, bitmap.Width);
        for (var row = 0; row < k; row++)
            for (var column = 0; column < layout.Columns; column++)
            {
                // A galaxy tile is the dark sky of an SDSS-like cutout; an empty slot stays white.
                var centre = bitmap.GetPixel(layout.TileLeft(column) + layout.TileSize / 2 - 20, layout.RowTop(row) + layout.Gap + 8);
                var drawn = centre.Red < 200 || centre.Green < 200 || centre.Blue < 200;
                Assert.True(drawn == column < Math.Min(sizes[row], layout.Columns), $"{Path.GetFileName(path)} row {row} column {column}: drawn {drawn}, size {sizes[row]}");
            }
    }

    [Fact]
    public void Report_renders_in_headless_chromium_with_every_image_decoded_and_every_section_present()
    {
        var html = File.ReadAllText(Path.Combine(job.Output, ReportWriter.ReportFileName));
        var probeDirectory = Directory.CreateTempSubdirectory("report-probe-").FullName;
        try
        {
            // The report has no script of its own: a copy gets one that writes what the browser
            // decoded into the DOM, which --dump-dom then prints.
            const string probe = """
                <script>
                window.addEventListener('load', () => {
                  const out = document.createElement('pre');
                  out.id = 'probe';
                  out.textContent = JSON.stringify({
                    widths: Array.from(document.images).map(i => i.complete ? i.naturalWidth : -1),
                    sections: Array.from(document.querySelectorAll('section[id]')).map(s => s.id)
                  });
                  document.body.appendChild(out);
                });
                </script>
                """;
            var page = Path.Combine(probeDirectory, "report.html");
            File.WriteAllText(page, html.Replace("</body>", probe + "</body>"));
            var dom = Chromium.DumpDom(page, TimeSpan.FromSeconds(90));
            var match = Regex.Match(dom, "<pre id=\"probe\">(.*?)</pre>", RegexOptions.Singleline);
            Assert.True(match.Success, "the probe script did not run; chromium printed: " + dom[..Math.Min(dom.Length, 500)]);
            var result = JsonDocument.Parse(WebUtility.HtmlDecode(match.Groups[1].Value)).RootElement;
            var widths = result.GetProperty("widths").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            Assert.Equal(ReportJobFixture.FigureNames.Length, widths.Length);
            Assert.All(widths, w => Assert.True(w > 0, $"an image did not decode in chromium (naturalWidth {w})"));
            Assert.Equal(ReportHtml.SectionIds, result.GetProperty("sections").EnumerateArray().Select(e => e.GetString()!).ToArray());
        }
        finally
        {
            Directory.Delete(probeDirectory, recursive: true);
        }
    }

    [Fact]
    public void Strings_from_the_input_are_html_encoded()
    {
        var copy = job.CopyResultsWithoutReport();
        try
        {
            var summary = SummaryJson.Read(copy);
            SummaryJson.Write(copy, summary with
            {
                Input = summary.Input with { Path = "/data/<script>alert(1)</script>&.h5" },
                Model = summary.Model with { Name = "<b>net</b>" },
            });
            var html = File.ReadAllText(ReportWriter.Write(copy).ReportPath);
            Assert.DoesNotContain("<script>", html);
            Assert.DoesNotContain("<b>net</b>", html);
            Assert.Contains("/data/&lt;script&gt;alert(1)&lt;/script&gt;&amp;.h5", html);
            Assert.Contains("&lt;b&gt;net&lt;/b&gt;", html);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    [Fact]
    public void Labels_section_names_the_galaxy10_classes_and_shows_each_methods_metrics()
    {
        var html = File.ReadAllText(Path.Combine(job.Output, ReportWriter.ReportFileName));
        var labels = html[html.IndexOf("<section id=\"labels\">", StringComparison.Ordinal)..];
        Assert.Contains("Smooth, cigar-shaped", labels);
        Assert.Contains("Disk, face-on, loose spiral", labels);
        Assert.Contains(job.Summary.Metrics.KMeans!.Ari.ToString("F3", System.Globalization.CultureInfo.InvariantCulture), labels);
        Assert.Contains(job.Summary.Metrics.Spectral!.Nmi.ToString("F3", System.Globalization.CultureInfo.InvariantCulture), labels);
    }
}

/// <summary>The red "K used" line of elbow.png stands at the K of summary.json on the figure's own axis.</summary>
[Collection(ReportJobCollection.Name)]
public class ElbowFigureTests(ReportJobFixture job)
{
    [Fact]
    public void Red_line_on_elbow_png_stands_at_the_summary_K()
    {
        using var bitmap = SKBitmap.Decode(Path.Combine(job.Output, ReportWriter.Elbow));
        // The column holding the most pixels of the "chosen" red (214, 39, 40): the dashed line.
        var bestColumn = -1;
        var bestCount = 0;
        for (var x = 0; x < bitmap.Width; x++)
        {
            var count = 0;
            for (var y = 0; y < bitmap.Height; y++)
            {
                var p = bitmap.GetPixel(x, y);
                if (Math.Abs(p.Red - 214) < 20 && Math.Abs(p.Green - 39) < 20 && Math.Abs(p.Blue - 40) < 20) count++;
            }
            if (count > bestCount)
            {
                bestCount = count;
                bestColumn = x;
            }
        }
        Assert.True(bestCount > 100, $"no red line on elbow.png (best column has {bestCount} red pixels)");

        // Where the figure's x axis puts each K (ScottPlot's own coordinate mapping for that layout).
        var summary = job.Summary;
        var plot = new ElbowPlot(summary.KMeans.Sse, summary.KMeans.K, summary.KMeans.KAuto);
        plot.Render();
        var nearestK = Enumerable.Range(1, summary.KMeans.Sse.Length).MinBy(k => Math.Abs(plot.PixelX(k) - bestColumn));
        Assert.Equal(summary.KMeans.K, nearestK);
        Assert.True(Math.Abs(plot.PixelX(nearestK) - bestColumn) <= 2, $"red line at column {bestColumn}, K = {nearestK} at {plot.PixelX(nearestK)}");
    }
}
