namespace GalaxyActors.Core.Imaging;

/// <summary>
/// A run of consecutive images from an input file: rows [Start, Start+Count) of the images dataset,
/// each Height×Width×Channels in HWC order, RGB, as float32 on the 0..255 scale of 8-bit pixels
/// (float32 input files are taken on the same scale). This is what the reader hands to the
/// embedder, so both sides agree on layout and scale in one place.
/// </summary>
public sealed class ImageBatch
{
    public ImageBatch(int start, int count, int height, int width, int channels, float[] pixels)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (pixels.Length < (long)count * height * width * channels)
            throw new ArgumentException($"Pixel buffer holds {pixels.Length} values, fewer than {count}×{height}×{width}×{channels}.", nameof(pixels));
        Start = start;
        Count = count;
        Height = height;
        Width = width;
        Channels = channels;
        Pixels = pixels;
    }

    public int Start { get; }
    public int Count { get; }
    public int Height { get; }
    public int Width { get; }
    public int Channels { get; }

    /// <summary>Count×Height×Width×Channels values (the array may be longer when pooled).</summary>
    public float[] Pixels { get; }

    public int ValuesPerImage => Height * Width * Channels;

    public ReadOnlySpan<float> Image(int index) => Pixels.AsSpan(index * ValuesPerImage, ValuesPerImage);
}
