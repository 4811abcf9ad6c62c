using GalaxyActors.Core.Imaging;

namespace GalaxyActors.Core.Tests.Imaging;

public class DihedralTransformTests
{
    // 2×3 single-channel image  1 2 3 / 4 5 6.
    private static readonly float[] Image = [1, 2, 3, 4, 5, 6];

    [Theory]
    [InlineData(0, new float[] { 1, 2, 3, 4, 5, 6 })]
    [InlineData(1, new float[] { 3, 6, 2, 5, 1, 4 })]       // 90° counter-clockwise, 3×2
    [InlineData(2, new float[] { 6, 5, 4, 3, 2, 1 })]       // 180°
    [InlineData(3, new float[] { 4, 1, 5, 2, 6, 3 })]       // 270° counter-clockwise, 3×2
    [InlineData(4, new float[] { 3, 2, 1, 6, 5, 4 })]       // mirrored left-right
    public void Transform_moves_pixels_as_worked_by_hand(int index, float[] expected)
    {
        var (h, w) = DihedralTransform.OutputSize(index, 2, 3);
        var output = new float[h * w];
        DihedralTransform.Apply(index, Image, 2, 3, 1, output);
        Assert.Equal(expected, output);
    }

    [Fact]
    public void The_eight_transforms_are_distinct()
    {
        var seen = new HashSet<string>();
        for (var t = 0; t < DihedralTransform.Count; t++)
        {
            var (h, w) = DihedralTransform.OutputSize(t, 2, 3);
            var output = new float[h * w];
            DihedralTransform.Apply(t, Image, 2, 3, 1, output);
            Assert.True(seen.Add($"{h}x{w}:{string.Join(",", output)}"));
        }
    }
}
