namespace GalaxyActors.Core.Hdf5;

/// <summary>The element types an images dataset may have: 8-bit pixels (Galaxy10) or float32 on the same 0..255 scale.</summary>
public enum PixelType
{
    UInt8,
    Float32,
}
