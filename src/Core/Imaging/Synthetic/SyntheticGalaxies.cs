using System.Buffers;

namespace GalaxyActors.Core.Imaging.Synthetic;

/// <summary>
/// Renders synthetic galaxies in the Galaxy10 SDSS layout (69×69 RGB cutouts with class labels), the
/// demo and test data of <c>galaxy make-sample</c>. Galaxy i depends only on (seed, i): it has its
/// own random stream, so slices render independently, on any node, and give the same bytes however
/// the sample is split.
/// </summary>
public static class SyntheticGalaxies
{
    public const int DefaultSize = 69;
    public const int ClassCount = 10;

    /// <summary>Renders images [0, count) in parallel (one image per work item).</summary>
    public static SyntheticSample Render(int count, int seed, int size = DefaultSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ValidateSize(size);
        var bytesPerImage = size * size * 3;
        var pixels = new byte[checked((long)count * bytesPerImage)];
        var labels = new byte[count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };
        Parallel.For(0, count, options, i =>
        {
            RenderOne(seed, i, pixels.AsSpan(i * bytesPerImage, bytesPerImage), out labels[i], size);
        });
        return new SyntheticSample(count, size, pixels, labels);
    }

    /// <summary>Renders image <paramref name="index"/> of the sample for <paramref name="seed"/> into
    /// <paramref name="destination"/> (size×size×3 bytes, HWC RGB).</summary>
    public static void RenderOne(int seed, int index, Span<byte> destination, out byte label, int size = DefaultSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ValidateSize(size);
        var pixelsPerPlane = size * size;
        if (destination.Length != pixelsPerPlane * 3)
            throw new ArgumentException($"Destination holds {destination.Length} bytes, expected {size}×{size}×3.", nameof(destination));

        var model = ModelOf(seed, index, size, out var galaxyClass, out var rng);
        label = (byte)galaxyClass;

        var buffer = ArrayPool<float>.Shared.Rent(pixelsPerPlane * 4);
        try
        {
            var all = buffer.AsSpan(0, pixelsPerPlane * 4);
            all.Clear();
            var red = all.Slice(0, pixelsPerPlane);
            var green = all.Slice(pixelsPerPlane, pixelsPerPlane);
            var blue = all.Slice(2 * pixelsPerPlane, pixelsPerPlane);
            var scratch = all.Slice(3 * pixelsPerPlane, pixelsPerPlane);

            GalaxyPainter.PaintGalaxy(in model, size, red, green, blue);
            GalaxyPainter.PaintNeighbours(ref rng, size, red, green, blue);
            ObservationSimulator.Blur(red, scratch, size, model.PsfSigma);
            ObservationSimulator.Blur(green, scratch, size, model.PsfSigma);
            ObservationSimulator.Blur(blue, scratch, size, model.PsfSigma);
            ObservationSimulator.ExposeAndStretch(in model, ref rng, size, red, green, blue, destination);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    /// <summary>The galaxy drawn for image <paramref name="index"/> (for measurements of the sample's framing).</summary>
    internal static GalaxyModel ModelOf(int seed, int index, int size, out Galaxy10Class galaxyClass) =>
        ModelOf(seed, index, size, out galaxyClass, out _);

    /// <summary>The galaxy of image <paramref name="index"/> and its random stream, positioned after the galaxy's draws.</summary>
    private static GalaxyModel ModelOf(int seed, int index, int size, out Galaxy10Class galaxyClass, out SplitMix64 rng)
    {
        galaxyClass = ClassOf(seed, index);
        rng = SplitMix64.For(seed, index);
        return GalaxyModel.Draw(galaxyClass, ref rng, size);
    }

    /// <summary>
    /// The class of image <paramref name="index"/>: each run of ten consecutive indices holds every
    /// class once, in an order shuffled by (seed, run), so any slice of ten or more is balanced and
    /// neighbouring images do not share a pattern.
    /// </summary>
    public static Galaxy10Class ClassOf(int seed, int index)
    {
        var run = index / ClassCount;
        var rng = SplitMix64.For(seed, run, purpose: 0xC1A55);
        Span<byte> order = stackalloc byte[ClassCount];
        for (var i = 0; i < ClassCount; i++)
            order[i] = (byte)i;
        for (var i = ClassCount - 1; i > 0; i--) // Fisher–Yates
        {
            var j = rng.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return (Galaxy10Class)order[index % ClassCount];
    }

    private static void ValidateSize(int size)
    {
        if (size < 16 || size > 1024)
            throw new ArgumentOutOfRangeException(nameof(size), size, "Image size must be between 16 and 1024 pixels.");
    }
}
