namespace GalaxyActors.Core.Reporting;

/// <summary>
/// Human names of the Galaxy10 classes (numbered as the dataset's <c>ans</c> labels): a long form for
/// tables, a short form that fits under a 138-pixel galaxy tile.
/// </summary>
public static class Galaxy10Names
{
    private static readonly string[] Long =
    [
        "Disk, face-on, no spiral", "Smooth, completely round", "Smooth, in-between round", "Smooth, cigar-shaped",
        "Disk, edge-on, rounded bulge", "Disk, edge-on, boxy bulge", "Disk, edge-on, no bulge",
        "Disk, face-on, tight spiral", "Disk, face-on, medium spiral", "Disk, face-on, loose spiral",
    ];

    private static readonly string[] Short =
    [
        "Disk, no spiral", "Smooth round", "Smooth in-between", "Smooth cigar", "Edge-on round bulge",
        "Edge-on boxy bulge", "Edge-on no bulge", "Tight spiral", "Medium spiral", "Loose spiral",
    ];

    /// <summary>"3 Smooth, cigar-shaped"-style name; labels outside 0..9 (another catalogue) become "class N".</summary>
    public static string LongName(int label) => (uint)label < Long.Length ? Long[label] : $"class {label}";

    public static string ShortName(int label) => (uint)label < Short.Length ? Short[label] : $"class {label}";
}
