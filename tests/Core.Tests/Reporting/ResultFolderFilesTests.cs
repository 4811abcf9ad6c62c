using System.Text.Json;
using System.Text.RegularExpressions;
using GalaxyActors.Core.Hdf5;
using GalaxyActors.Core.Reporting;
using SkiaSharp;

namespace GalaxyActors.Core.Tests.Reporting;

/// <summary>Every file of a finished job's folder (DESIGN.md §4) is there and well formed.</summary>
[Collection(ReportJobCollection.Name)]
public class ResultFolderFilesTests(ReportJobFixture job)
{
    [Fact]
    public void Every_figure_is_a_png_that_decodes_at_the_size_in_its_header()
    {
        foreach (var name in ReportJobFixture.FigureNames)
        {
            var bytes = File.ReadAllBytes(Path.Combine(job.Output, name));
            // IHDR: width and height, big-endian, at bytes 16..23 after the 8-byte signature.
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
            var width = (bytes[16] << 24) | (bytes[17] << 16) | (bytes[18] << 8) | bytes[19];
            var height = (bytes[20] << 24) | (bytes[21] << 16) | (bytes[22] << 8) | bytes[23];
            using var bitmap = SKBitmap.Decode(bytes);
            Assert.True(bitmap != null, $"{name} does not decode");
            Assert.Equal((width, height), (bitmap.Width, bitmap.Height));
            Assert.True(width >= 300 && height >= 200, $"{name} is only {width}×{height}");
        }
    }

    [Fact]
    public void Report_inlines_every_figure_byte_for_byte_with_its_real_size()
    {
        var html = File.ReadAllText(Path.Combine(job.Output, ReportWriter.ReportFileName));
        var images = Regex.Matches(html, "<img src=\"data:image/png;base64,([^\"]+)\" width=\"(\\d+)\" height=\"(\\d+)\" alt=\"([^\"]+)\"");
        Assert.Equal(ReportJobFixture.FigureNames.Order(), images.Select(m => m.Groups[4].Value).Order());
        foreach (Match image in images)
        {
            var inlined = Convert.FromBase64String(image.Groups[1].Value);
            Assert.Equal(File.ReadAllBytes(Path.Combine(job.Output, image.Groups[4].Value)), inlined);
            using var bitmap = SKBitmap.Decode(inlined);
            Assert.Equal((int.Parse(image.Groups[2].Value), int.Parse(image.Groups[3].Value)), (bitmap.Width, bitmap.Height));
        }
        // Self-contained: nothing is fetched from anywhere.
        Assert.DoesNotMatch("(src|href)=\"(https?:)?//", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<link", html);
    }

    [Fact]
    public void Assignments_csv_has_the_header_and_one_row_per_image()
    {
        var lines = File.ReadAllLines(Path.Combine(job.Output, "assignments.csv"));
        Assert.Equal("index,kmeans,spectral,label", lines[0]);
        Assert.Equal(ReportJobFixture.Images + 1, lines.Length);
        for (var i = 1; i < lines.Length; i++)
        {
            var cells = lines[i].Split(',').Select(int.Parse).ToArray();
            Assert.Equal(i - 1, cells[0]);
            Assert.InRange(cells[1], 0, job.Summary.KMeans.K - 1);
            Assert.InRange(cells[2], 0, job.Summary.Spectral.K - 1);
            Assert.InRange(cells[3], 0, 9);
        }
    }

    [Fact]
    public void Summary_json_has_every_field_of_the_contract()
    {
        var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(job.Output, "summary.json"))).RootElement;
        string[] paths =
        [
            "input.path", "input.imagesDataset", "input.labelsDataset", "input.images", "input.hasLabels",
            "model.name", "model.featureDim",
            "pca.targetVariance", "pca.components", "pca.explainedVarianceRatio",
            "kmeans.k", "kmeans.kAuto", "kmeans.sse", "kmeans.sizes",
            "spectral.k", "spectral.kAuto", "spectral.neighbors", "spectral.eigenvalues", "spectral.connectedComponents", "spectral.sizes",
            "metrics.kmeans.ari", "metrics.kmeans.nmi", "metrics.kmeans.purity",
            "metrics.spectral.ari", "metrics.spectral.nmi", "metrics.spectral.purity", "metrics.agreementAri",
            "timings.embed", "timings.pca", "timings.kmeans", "timings.knn", "timings.spectral", "timings.report", "timings.total",
            "cluster.workers", "cluster.slices", "seed",
        ];
        foreach (var path in paths)
        {
            var element = json;
            foreach (var key in path.Split('.'))
                Assert.True(element.TryGetProperty(key, out element), $"summary.json lacks '{path}'");
        }
        Assert.Equal(ReportJobFixture.Images, json.GetProperty("input").GetProperty("images").GetInt32());
        Assert.Equal(4, json.GetProperty("kmeans").GetProperty("sse").GetArrayLength());
        Assert.Equal(ReportJobFixture.Images, json.GetProperty("kmeans").GetProperty("sizes").EnumerateArray().Sum(e => e.GetInt32()));
        Assert.True(json.GetProperty("timings").GetProperty("report").GetDouble() > 0);
        // The total covers every phase, the report included.
        var timings = json.GetProperty("timings");
        Assert.True(timings.GetProperty("total").GetDouble() >= timings.GetProperty("embed").GetDouble() + timings.GetProperty("report").GetDouble());
    }

    [Fact]
    public void Features_h5_holds_every_dataset_with_its_documented_shape()
    {
        var store = Path.Combine(job.Output, "features.h5");
        var n = ReportJobFixture.Images;
        var d = job.Summary.Pca.Components;
        var features = job.Summary.Model.FeatureDim;
        Assert.Equal([n, features], Hdf5Datasets.ReadFloats(store, "features").Dimensions);
        Assert.Equal([n, d], Hdf5Datasets.ReadFloats(store, "reduced").Dimensions);
        Assert.Equal([d, features], Hdf5Datasets.ReadDoubles(store, "pca/components").Dimensions);
        Assert.Equal([features], Hdf5Datasets.ReadDoubles(store, "pca/mean").Dimensions);
        Assert.Single(Hdf5Datasets.ReadDoubles(store, "pca/explained_variance_ratio").Dimensions);
        Assert.Equal([n], Hdf5Datasets.ReadInts(store, "kmeans/labels").Dimensions);
        Assert.Equal([job.Summary.KMeans.K, d], Hdf5Datasets.ReadFloats(store, "kmeans/centroids").Dimensions);
        Assert.Equal([4], Hdf5Datasets.ReadDoubles(store, "kmeans/sse").Dimensions);
        Assert.Equal([n], Hdf5Datasets.ReadInts(store, "spectral/labels").Dimensions);
        Assert.Equal([10], Hdf5Datasets.ReadDoubles(store, "spectral/eigenvalues").Dimensions);
        Assert.Equal([n, 2], Hdf5Datasets.ReadFloats(store, ClusterMap.TSneDataset).Dimensions);
        // The stored labels are the input's own.
        using var input = GalaxyImageFile.Open(job.InputPath);
        Assert.Equal(input.ReadLabels(), Hdf5Datasets.ReadInts(store, "labels").Values);
    }
}
