using GalaxyActors.Core.Hdf5;
using GalaxyActors.Core.Jobs;
using GalaxyActors.Core.Pipeline;
using PureHDF;

namespace GalaxyActors.Core.Tests.Hdf5;

/// <summary>Legal but almost surely wrong pixels: float32 on 0..1 and NaN values are warned about; NaNs become sky.</summary>
public sealed class PixelSurveyTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("galaxy-pixels-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string FloatImages(string name, float scale, bool withNaN, int count = 6)
    {
        var pixels = new float[count, 16, 16, 3];
        var random = new Random(4);
        for (int n = 0; n < count; n++)
            for (int y = 0; y < 16; y++)
                for (int x = 0; x < 16; x++)
                    for (int c = 0; c < 3; c++)
                        pixels[n, y, x, c] = (float)random.NextDouble() * scale;
        if (withNaN)
        {
            pixels[2, 3, 4, 1] = float.NaN;
            pixels[5, 0, 0, 0] = float.PositiveInfinity;
        }
        var path = Path.Combine(_root, name);
        new H5File { ["images"] = pixels }.Write(path);
        return path;
    }

    private static JobRequest EmbedOnly(string path) => new() { Input = new JobInput { ImagesPath = path }, OutputDirectory = "unused" };

    [Fact]
    public void Float_pixels_on_zero_to_one_and_non_finite_pixels_are_each_warned_about_naming_the_file()
    {
        var path = FloatImages("unit-scale.h5", 1f, withNaN: true);
        var warnings = JobInputs.Open(EmbedOnly(path)).Warnings;
        Assert.Equal(2, warnings.Count);
        Assert.Contains("float32 pixels lie on 0..1", warnings[0]);
        Assert.Contains(path, warnings[0]);
        Assert.Contains("2 NaN or infinite pixel values in the first 6 images, set to 0", warnings[1]);
    }

    [Fact]
    public void Float_pixels_on_the_galaxy10_scale_and_uint8_files_give_no_warning()
    {
        Assert.Empty(JobInputs.Open(EmbedOnly(FloatImages("byte-scale.h5", 255f, withNaN: false))).Warnings);
        var bytes = Path.Combine(_root, "bytes.h5");
        SampleFile.Make(bytes, 4, 1);
        Assert.Empty(JobInputs.Open(EmbedOnly(bytes)).Warnings);
    }

    [Fact]
    public void A_job_on_such_a_file_runs_and_carries_the_warnings_into_summary_json_and_the_report()
    {
        var input = FloatImages("job.h5", 1f, withNaN: true, count: 24);
        var outDir = Path.Combine(_root, "job");
        var summary = LocalJob.Run(new JobRequest
        {
            Input = new JobInput { ImagesPath = input },
            OutputDirectory = outDir,
            Embedding = new EmbeddingRequest { Precision = Core.Embedding.EmbeddingPrecision.Fp32, InputSize = 32 },
            Analysis = new AnalysisOptions { KMax = 3, Neighbors = 5, Eigenvalues = 5, NInit = 1, Map = GalaxyActors.Core.Reporting.MapMethod.Pca },
        });
        Assert.Contains(summary.Warnings, w => w.Contains("float32 pixels lie on 0..1"));
        Assert.Contains(summary.Warnings, w => w.Contains("set to 0 (empty sky)"));
        Assert.Contains("float32 pixels lie on 0..1", File.ReadAllText(Path.Combine(outDir, "summary.json")));
        Assert.Contains("set to 0 (empty sky)", File.ReadAllText(Path.Combine(outDir, "report.html")));
    }

    [Fact]
    public void Non_finite_pixels_are_read_as_empty_sky_and_counted()
    {
        using var images = GalaxyImageFile.Open(FloatImages("nan.h5", 255f, withNaN: true), "images", labelsDataset: null);
        var batch = images.ReadImages(0, 6, out var replaced);
        Assert.Equal(2, replaced);
        Assert.Equal(0f, batch.Image(2)[(3 * 16 + 4) * 3 + 1]);
        Assert.Equal(0f, batch.Image(5)[0]);
        Assert.All(batch.Pixels, p => Assert.True(float.IsFinite(p)));
    }
}
