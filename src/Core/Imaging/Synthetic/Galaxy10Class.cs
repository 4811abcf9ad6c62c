namespace GalaxyActors.Core.Imaging.Synthetic;

/// <summary>The ten Galaxy10 SDSS classes, numbered as the dataset's <c>ans</c> labels.</summary>
public enum Galaxy10Class : byte
{
    DiskFaceOnNoSpiral = 0,
    SmoothRound = 1,
    SmoothInBetween = 2,
    SmoothCigar = 3,
    EdgeOnRoundedBulge = 4,
    EdgeOnBoxyBulge = 5,
    EdgeOnNoBulge = 6,
    TightSpiral = 7,
    MediumSpiral = 8,
    LooseSpiral = 9,
}
