namespace GalaxyActors.Core.Imaging;

/// <summary>
/// The 8 symmetries of a rectangle grid (rotations by 0/90/180/270° counter-clockwise, each optionally
/// mirrored left-right) applied to one HWC image.
/// </summary>
public static class DihedralTransform
{
    public const int Count = 8;

    /// <summary>Output height and width of transform <paramref name="index"/>: odd rotations swap them.</summary>
    public static (int Height, int Width) OutputSize(int index, int height, int width) =>
        (index & 1) == 1 ? (width, height) : (height, width);

    /// <summary>Writes transform <paramref name="index"/> (0..7) of <paramref name="image"/> into <paramref name="destination"/>.</summary>
    public static void Apply(int index, ReadOnlySpan<float> image, int height, int width, int channels, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        var rotation = index & 3;
        var mirror = index >= 4;
        var (outHeight, outWidth) = OutputSize(index, height, width);
        for (var y = 0; y < outHeight; y++)
        {
            for (var x = 0; x < outWidth; x++)
            {
                var u = mirror ? outWidth - 1 - x : x;
                var (sy, sx) = rotation switch
                {
                    0 => (y, u),
                    1 => (u, width - 1 - y),
                    2 => (height - 1 - y, width - 1 - u),
                    _ => (height - 1 - u, y),
                };
                image.Slice((sy * width + sx) * channels, channels).CopyTo(destination.Slice((y * outWidth + x) * channels, channels));
            }
        }
    }
}
