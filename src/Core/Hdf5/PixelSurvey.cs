using System.Numerics.Tensors;

namespace GalaxyActors.Core.Hdf5;

/// <summary>
/// Looks at the first images of a float32 file for pixels that are legal but almost surely wrong: values on 0..1
/// (the model takes Galaxy10's 0..255 scale, so such images look black to it: ARI 0.013 instead of 0.314 in a probe)
/// and NaN or infinite values (set to 0 by <see cref="GalaxyImageFile.ReadImages(int, int)"/>). uint8 files can
/// hold neither. The warnings go to the log, summary.json and the report.
/// </summary>
public static class PixelSurvey
{
    /// <summary>Images looked at: enough to see the scale, few enough to cost milliseconds at submission.</summary>
    public const int SampleImages = 256;

    /// <summary>The warnings for <paramref name="images"/> (none for a uint8 file or a sane float32 one).</summary>
    public static IReadOnlyList<string> Warnings(GalaxyImageFile images)
    {
        if (images.PixelType != PixelType.Float32 || images.Count == 0) return [];
        var count = Math.Min(images.Count, SampleImages);
        var batch = images.ReadImages(0, count, out var nonFinite);
        var largest = TensorPrimitives.Max<float>(batch.Pixels);
        var where = $"{images.Path}, dataset '{InputText.Brief(images.ImagesDataset)}'";
        List<string> warnings = [];
        if (largest <= 1f)
            warnings.Add($"{where}: float32 pixels lie on 0..1 (largest {largest:G3} in the first {count} images), but the model takes the 0..255 scale of Galaxy10's uint8 images, so the features will be poor; multiply the pixels by 255");
        if (nonFinite > 0)
            warnings.Add($"{where}: {nonFinite:N0} NaN or infinite pixel values in the first {count} images, set to 0 (empty sky) before embedding; later images may hold more");
        return warnings;
    }
}
