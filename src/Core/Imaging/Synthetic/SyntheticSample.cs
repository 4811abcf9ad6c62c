namespace GalaxyActors.Core.Imaging.Synthetic;

/// <summary>
/// Rendered galaxies in the Galaxy10 layout: <see cref="Pixels"/> is Count×Size×Size×3 (HWC, RGB,
/// uint8) like the <c>images</c> dataset, <see cref="Labels"/> the Galaxy10 class id of each image
/// like <c>ans</c>.
/// </summary>
public sealed class SyntheticSample
{
    public SyntheticSample(int count, int size, byte[] pixels, byte[] labels)
    {
        if (pixels.Length != (long)count * size * size * 3)
            throw new ArgumentException($"Pixel buffer holds {pixels.Length} bytes, expected {count}×{size}×{size}×3.", nameof(pixels));
        if (labels.Length != count)
            throw new ArgumentException($"Label buffer holds {labels.Length} bytes, expected {count}.", nameof(labels));
        Count = count;
        Size = size;
        Pixels = pixels;
        Labels = labels;
    }

    public int Count { get; }
    public int Size { get; }

    /// <summary>Count×Size×Size×3 bytes, image after image, rows top to bottom, RGB interleaved.</summary>
    public byte[] Pixels { get; }

    /// <summary>Galaxy10 class id (0..9) of each image.</summary>
    public byte[] Labels { get; }

    public int BytesPerImage => Size * Size * 3;

    public ReadOnlySpan<byte> Image(int index) => Pixels.AsSpan(index * BytesPerImage, BytesPerImage);

    /// <summary>The pixels as the embedder takes them: float32 on the 0..255 scale, HWC.</summary>
    public ImageBatch ToImageBatch()
    {
        var pixels = new float[Pixels.Length];
        System.Numerics.Tensors.TensorPrimitives.ConvertChecked<byte, float>(Pixels, pixels);
        return new ImageBatch(0, Count, Size, Size, 3, pixels);
    }
}
