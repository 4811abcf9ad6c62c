namespace GalaxyActors.Core.Embedding;

/// <summary>Test-time augmentation of the features.</summary>
public enum TtaMode
{
    /// <summary>One pass per image.</summary>
    None,

    /// <summary>
    /// Mean of the features of the 8 dihedral transforms (4 rotations × optional mirror): galaxies have no
    /// preferred orientation, so the averaged feature is the same for an image and its rotated copies.
    /// </summary>
    Dihedral,
}
