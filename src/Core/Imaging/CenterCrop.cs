using System.Globalization;

namespace GalaxyActors.Core.Imaging;

/// <summary>
/// The centre crop taken before the resize to the model's input (<c>--center-crop F</c>, <see cref="Embedding.EmbedderOptions.CenterCrop"/>):
/// F is the fraction of each side kept. The window follows torchvision's <c>CenterCrop</c> (transforms.functional.center_crop):
/// <list type="bullet">
/// <item>crop side, per axis: c = round(F · side), F · side computed in double and rounded half to even (as Python's
/// <c>round</c> and NumPy's <c>np.round</c>; torchvision itself takes the side in pixels, so this is our step from a fraction to pixels);</item>
/// <item>top/left offset: round((side − c) / 2), half to even, exactly torchvision's <c>int(round((image_height − crop_height) / 2.0))</c>.</item>
/// </list>
/// So 69 px at F = 0.68 keeps 47 px from offset 11 (the window is centred exactly); at F = 0.5, 34.5 rounds to 34 px and
/// 17.5 to offset 18 (one more pixel is cut at the top/left than at the bottom/right, as torchvision does).
/// F = 1 keeps the whole image. The crop is free: the resize's taps index into the window, nothing is copied.
/// </summary>
public static class CenterCrop
{
    /// <summary>No crop: the whole image.</summary>
    public const double None = 1.0;

    /// <summary>Fewest pixels a crop may leave on a side.</summary>
    public const int MinimumSide = 8;

    /// <summary>Throws <see cref="InvalidInputException"/> unless 0 &lt; <paramref name="fraction"/> ≤ 1 (NaN is refused).</summary>
    public static void Validate(double fraction)
    {
        if (!(fraction > 0 && fraction <= 1))
            throw new InvalidInputException($"--center-crop {Format(fraction)}: must be a fraction of the side in (0, 1] (1 = no crop).");
    }

    /// <summary>
    /// <see cref="Validate(double)"/>, and that the crop of a <paramref name="height"/>×<paramref name="width"/> image keeps
    /// at least <see cref="MinimumSide"/> pixels on each side: call it at the edge once the input's image size is known.
    /// </summary>
    public static void Validate(double fraction, int height, int width) => Window(height, width, fraction);

    /// <summary>Side kept of a <paramref name="side"/>-pixel axis: round(F · side), half to even.</summary>
    public static int CropSide(int side, double fraction) => (int)Math.Round(fraction * side, MidpointRounding.ToEven);

    /// <summary>The centre-crop window of a <paramref name="height"/>×<paramref name="width"/> image (see the class comment).</summary>
    /// <exception cref="InvalidInputException">The fraction is out of range or the crop leaves fewer than <see cref="MinimumSide"/> pixels on a side.</exception>
    public static CropWindow Window(int height, int width, double fraction)
    {
        Validate(fraction);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        if (fraction == None)
            return CropWindow.Whole(height, width);
        int cropHeight = CropSide(height, fraction), cropWidth = CropSide(width, fraction);
        if (cropHeight < MinimumSide || cropWidth < MinimumSide)
            throw new InvalidInputException($"--center-crop {Format(fraction)}: keeps {cropHeight}x{cropWidth} px of the {height}x{width} images; at least {MinimumSide} px a side are needed.");
        var top = (int)Math.Round((height - cropHeight) / 2.0, MidpointRounding.ToEven);
        var left = (int)Math.Round((width - cropWidth) / 2.0, MidpointRounding.ToEven);
        return new CropWindow(top, left, cropHeight, cropWidth);
    }

    /// <summary>How the crop is described in the features' provenance.</summary>
    public static string Description(double fraction) => fraction == None
        ? "no centre crop"
        : $"centre crop to round({Format(fraction)} x side) px per axis (half to even), top/left offset round((side - crop)/2) (torchvision CenterCrop), before the resize";

    private static string Format(double fraction) => fraction.ToString("R", CultureInfo.InvariantCulture);
}
