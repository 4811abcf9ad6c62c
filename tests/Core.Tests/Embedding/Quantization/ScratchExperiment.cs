using GalaxyActors.Core.Embedding;
using GalaxyActors.Core.Embedding.Quantization;
using GalaxyActors.Core.Imaging.Synthetic;
using Xunit.Abstractions;

namespace GalaxyActors.Core.Tests.Embedding.Quantization;

public class ScratchExperiment(ITestOutputHelper output)
{
    [Fact]
    public void Scratch_percentiles()
    {
        var calibration = SyntheticGalaxies.Render(128, seed: 5).ToImageBatch();
        // A saturated "star" (7×7 of 255) in 4 of the 128 calibration images.
        foreach (var img in new[] { 3, 40, 77, 110 })
            for (var y = 5; y < 12; y++)
                for (var x = 50; x < 57; x++)
                    for (var c = 0; c < 3; c++)
                        calibration.Pixels[img * 69 * 69 * 3 + (y * 69 + x) * 3 + c] = 255;
        var heldOut = SyntheticGalaxies.Render(64, seed: 77).ToImageBatch();
        using var fp32 = ImageEmbedder.Create(new EmbedderOptions());
        var reference = new float[heldOut.Count * 512];
        fp32.Embed(heldOut, reference);
        foreach (var (m, p) in new[] { (CalibrationMethod.LeastSquaredError, 0.0), (CalibrationMethod.MinMax, 0.0), (CalibrationMethod.Percentile, 99.99) })
        {
            var dir = Path.Combine(Path.GetTempPath(), "scratch-int8-star", m + p.ToString());
            using var int8 = ImageEmbedder.Create(new EmbedderOptions { Precision = EmbeddingPrecision.Int8, CalibrationImages = CalibrationImages.FromBatch(calibration), Calibration = new CalibrationSettings(Method: m, Percentile: p == 0 ? 99.99 : p), ModelCacheDirectory = dir });
            var q = new float[heldOut.Count * 512];
            int8.Embed(heldOut, q);
            var cos = new List<double>();
            for (var i = 0; i < heldOut.Count; i++)
            {
                double dot = 0, aa = 0, bb = 0;
                for (var k = 0; k < 512; k++) { var a = reference[i * 512 + k]; var b = q[i * 512 + k]; dot += a * (double)b; aa += a * (double)a; bb += b * (double)b; }
                cos.Add(dot / Math.Sqrt(aa * bb));
            }
            output.WriteLine($"{m} {p}: mean cosine {cos.Average():F5} min {cos.Min():F5}");
        }
    }
}
