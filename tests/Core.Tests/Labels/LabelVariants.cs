namespace GalaxyActors.Core.Tests.Labels;

/// <summary>tests/Core.Tests/TestData/Reference/labels-variants.h5, written by h5py (scripts/reference/labels_variants.py).</summary>
public static class LabelVariants
{
    public static string Path => System.IO.Path.Combine(Fixtures.RepositoryRoot, "tests", "Core.Tests", "TestData", "Reference", "labels-variants.h5");

    public const int Images = 12;
}
