using GalaxyActors.Core.Linalg;
using GalaxyActors.Core.Pipeline;

namespace GalaxyActors.Core.Tests.Linalg;

public class FeatureNormalizationTests
{
    [Fact]
    public void Signed_square_root_then_unit_length_by_hand()
    {
        // [4, -9, 0] → signed roots [2, -3, 0] → length √13.
        float[] row = [4, -9, 0];
        FeatureNormalization.ApplyToRow(FeatureNorm.SqrtL2, row);
        Assert.Equal(2 / Math.Sqrt(13), row[0], 6);
        Assert.Equal(-3 / Math.Sqrt(13), row[1], 6);
        Assert.Equal(0f, row[2]);
    }

    [Fact]
    public void L2_scales_a_row_to_unit_length_and_leaves_a_zero_row_zero()
    {
        float[] rows = [3, 4, 0, 0];
        FeatureNormalization.Apply(FeatureNorm.L2, rows, 2, 2);
        Assert.Equal([0.6f, 0.8f, 0f, 0f], rows, (a, b) => Math.Abs(a - b) < 1e-7);
    }

    [Fact]
    public void None_changes_nothing()
    {
        float[] row = [5, -2];
        FeatureNormalization.ApplyToRow(FeatureNorm.None, row);
        Assert.Equal([5f, -2f], row);
    }

    [Fact]
    public void Each_row_is_normalised_alone_so_any_split_into_slices_gives_the_same_bits()
    {
        var rng = new Random(3);
        var data = new float[37 * 11];
        for (var i = 0; i < data.Length; i++) data[i] = (float)(rng.NextDouble() * 10 - 2);
        var whole = (float[])data.Clone();
        FeatureNormalization.Apply(FeatureNorm.SqrtL2, whole, 37, 11);
        var pieces = (float[])data.Clone();
        FeatureNormalization.Apply(FeatureNorm.SqrtL2, pieces.AsSpan(0, 16 * 11), 16, 11);
        FeatureNormalization.Apply(FeatureNorm.SqrtL2, pieces.AsSpan(16 * 11), 21, 11);
        Assert.Equal(whole, pieces);
    }

    [Fact]
    public void Local_stages_normalise_a_copy_unless_they_own_the_matrix()
    {
        var features = new RowMatrix(2, 2, [3, 4, 6, 8]);
        _ = new LocalRowStages(features, 2, FeatureNorm.L2);
        Assert.Equal([3f, 4f, 6f, 8f], features.Data);
        _ = new LocalRowStages(features, 2, FeatureNorm.L2, ownsFeatures: true);
        Assert.Equal(0.6f, features.Data[2], 6);
    }

    [Theory]
    [InlineData("none", FeatureNorm.None)]
    [InlineData("L2", FeatureNorm.L2)]
    [InlineData("sqrt-l2", FeatureNorm.SqrtL2)]
    public void Option_words_parse(string word, FeatureNorm expected) => Assert.Equal(expected, FeatureNormalization.Parse(word));

    [Fact]
    public void An_unknown_word_names_the_option()
    {
        var error = Assert.Throws<InvalidInputException>(() => FeatureNormalization.Parse("whiten"));
        Assert.StartsWith("--feature-norm whiten:", error.Message);
    }
}
