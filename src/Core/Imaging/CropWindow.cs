namespace GalaxyActors.Core.Imaging;

/// <summary>
/// The rectangle of a source image that the preprocessor reads: rows [Top, Top + Height), columns [Left, Left + Width).
/// The whole image is <see cref="Whole"/>; a centre crop comes from <see cref="CenterCrop.Window"/>.
/// </summary>
public readonly record struct CropWindow(int Top, int Left, int Height, int Width)
{
    public static CropWindow Whole(int height, int width) => new(0, 0, height, width);

    /// <summary>True when the window is all of a <paramref name="height"/>×<paramref name="width"/> image.</summary>
    public bool IsWhole(int height, int width) => Top == 0 && Left == 0 && Height == height && Width == width;

    /// <summary>Throws unless the window is non-empty and lies inside a <paramref name="height"/>×<paramref name="width"/> image.</summary>
    public void EnsureInside(int height, int width)
    {
        if (Top < 0 || Left < 0 || Height < 1 || Width < 1 || Top + Height > height || Left + Width > width)
            throw new ArgumentOutOfRangeException(nameof(CropWindow), this, $"The crop window does not lie inside a {height}x{width} image.");
    }

    public override string ToString() => $"{Height}x{Width} at ({Top}, {Left})";
}
