using GalaxyActors.Core.Imaging;

namespace GalaxyActors.Core.Morphology;

/// <summary>
/// Measures <see cref="MorphologyQuantities.All"/> for images of one size. Holds its scratch buffers, so one meter per
/// thread measures without allocating; rows of NaN where no galaxy is segmented.
/// </summary>
public sealed class MorphologyMeter
{
    public MorphologyMeter(int height, int width, int channels) => throw new NotImplementedException();

    /// <summary>One image, HWC on the 0..255 scale of <see cref="ImageBatch"/>; writes <see cref="MorphologyQuantities.Count"/> values.</summary>
    public void Measure(ReadOnlySpan<float> image, Span<float> row) => throw new NotImplementedException();

    /// <summary>Every image of the batch, row-major Count × <see cref="MorphologyQuantities.Count"/> into <paramref name="rows"/>.</summary>
    public void Measure(ImageBatch batch, Span<float> rows) => throw new NotImplementedException();
}
