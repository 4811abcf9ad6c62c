using GalaxyActors.Core.Embedding;
using GalaxyActors.Core.Imaging;
using GalaxyActors.Core.Imaging.Synthetic;

namespace GalaxyActors.Core.Tests.Embedding;

/// <summary>
/// The pretrained ResNet's features must carry galaxy morphology: with no training at all, a
/// 1-nearest-neighbour classifier on the features of rendered galaxies should name the held-out
/// half's classes far better than chance (10 % for ten balanced classes).
/// </summary>
public class FeatureSeparationTests
{
    [Fact]
    public void One_nearest_neighbour_on_features_beats_chance_by_a_wide_margin_on_a_held_out_half()
    {
        const int count = 160;
        var sample = SyntheticGalaxies.Render(count, seed: 7);
        var pixels = new float[sample.Pixels.Length];
        for (var i = 0; i < pixels.Length; i++) pixels[i] = sample.Pixels[i];
        var batch = new ImageBatch(0, count, sample.Size, sample.Size, 3, pixels);

        using var embedder = ImageEmbedder.Create(new EmbedderOptions());
        var d = embedder.FeatureDimension;
        var features = new float[count * d];
        embedder.Embed(batch, features);

        // Even indices train, odd indices are held out.
        var correct = 0;
        var tested = 0;
        for (var q = 1; q < count; q += 2)
        {
            var best = double.MaxValue;
            var bestLabel = -1;
            for (var r = 0; r < count; r += 2)
            {
                double distance = 0;
                for (var j = 0; j < d; j++)
                {
                    var diff = features[q * d + j] - features[r * d + j];
                    distance += diff * diff;
                }
                if (distance < best) (best, bestLabel) = (distance, sample.Labels[r]);
            }
            tested++;
            if (bestLabel == sample.Labels[q]) correct++;
        }
        var accuracy = (double)correct / tested;
        Assert.True(accuracy >= 0.35, $"1-NN accuracy {accuracy:P0} on {tested} held-out galaxies; chance is 10 %");
    }
}
