using GalaxyActors.Core.Imaging.Synthetic;
using GalaxyActors.Core.Embedding;
using GalaxyActors.Core.Imaging;

namespace GalaxyActors.Core.Tests.Embedding;

public class ImageEmbedderTests
{
    private static double RelativeDifference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double difference = 0, norm = 0;
        for (var i = 0; i < a.Length; i++)
        {
            difference += (a[i] - b[i]) * (double)(a[i] - b[i]);
            norm += a[i] * (double)a[i];
        }
        return Math.Sqrt(difference / norm);
    }

    [Fact]
    public void Batched_features_equal_one_at_a_time_features()
    {
        var images = SyntheticGalaxies.Render(10, 3).ToImageBatch();
        using var single = ImageEmbedder.Create(new EmbedderOptions { BatchSize = 1 });
        using var batched = ImageEmbedder.Create(new EmbedderOptions { BatchSize = 4 }); // 4 + 4 + a partial 2
        var one = new float[10 * 512];
        var many = new float[10 * 512];
        single.Embed(images, one);
        batched.Embed(images, many);
        for (var i = 0; i < 10; i++)
        {
            var relative = RelativeDifference(one.AsSpan(i * 512, 512), many.AsSpan(i * 512, 512));
            Assert.True(relative <= 1e-4, $"image {i}: relative difference {relative}");
        }
        // Different images give different features (the rows are not all the same vector).
        Assert.True(RelativeDifference(one.AsSpan(0, 512), one.AsSpan(512, 512)) > 1e-2);
    }

    [Fact]
    public void Bundled_model_gives_512_finite_non_negative_features()
    {
        // The output follows a ReLU and an average pool, so features are ≥ 0.
        var images = SyntheticGalaxies.Render(2, 9).ToImageBatch();
        using var embedder = ImageEmbedder.Create(new EmbedderOptions());
        Assert.Equal(512, embedder.FeatureDimension);
        Assert.Contains("ResNetPreprocess", embedder.PreprocessingDescription);
        var features = new float[2 * 512];
        embedder.Embed(images, features);
        Assert.All(features, f => Assert.True(float.IsFinite(f) && f >= 0));
        Assert.Contains(features, f => f > 0);
    }

    [Fact]
    public void Dihedral_tta_makes_features_rotation_invariant()
    {
        var original = SyntheticGalaxies.Render(1, 21).ToImageBatch();
        var rotated = new float[69 * 69 * 3];
        DihedralTransform.Apply(1, original.Pixels, 69, 69, 3, rotated);
        var both = new float[2 * 69 * 69 * 3];
        original.Pixels.AsSpan(0, rotated.Length).CopyTo(both);
        rotated.CopyTo(both.AsSpan(rotated.Length));
        var pair = new ImageBatch(0, 2, 69, 69, 3, both);

        using var plain = ImageEmbedder.Create(new EmbedderOptions { BatchSize = 2 });
        using var tta = ImageEmbedder.Create(new EmbedderOptions { BatchSize = 2, Tta = TtaMode.Dihedral });
        var withoutTta = new float[2 * 512];
        var withTta = new float[2 * 512];
        plain.Embed(pair, withoutTta);
        tta.Embed(pair, withTta);

        var plainDifference = RelativeDifference(withoutTta.AsSpan(0, 512), withoutTta.AsSpan(512, 512));
        var ttaDifference = RelativeDifference(withTta.AsSpan(0, 512), withTta.AsSpan(512, 512));
        Assert.True(plainDifference > 1e-2, $"without TTA the rotated copy differs by only {plainDifference}");
        Assert.True(ttaDifference < 1e-4, $"with dihedral TTA the rotated copy differs by {ttaDifference}");
    }
}
