namespace GalaxyActors.Core.Labels;

/// <summary>
/// The Galaxy10 SDSS classes (Leung &amp; Bovy 2019), numbered as the dataset's <c>ans</c> labels: a long form for
/// tables, a short form that fits under a 138-pixel galaxy tile. Used only for Galaxy10 labels: dataset <c>ans</c>,
/// values 0..9, no names of their own.
/// </summary>
public static class Galaxy10
{
    /// <summary>How <see cref="LabelSet.NamesFrom"/> says the names are Galaxy10's.</summary>
    public const string NamesSource = "Galaxy10";

    /// <summary>The dataset Galaxy10 keeps its labels in.</summary>
    public const string LabelsDataset = "ans";

    public static readonly string[] LongNames =
    [
        "Disk, face-on, no spiral", "Smooth, completely round", "Smooth, in-between round", "Smooth, cigar-shaped",
        "Disk, edge-on, rounded bulge", "Disk, edge-on, boxy bulge", "Disk, edge-on, no bulge",
        "Disk, face-on, tight spiral", "Disk, face-on, medium spiral", "Disk, face-on, loose spiral",
    ];

    private static readonly string[] ShortNames =
    [
        "Disk, no spiral", "Smooth round", "Smooth in-between", "Smooth cigar", "Edge-on round bulge",
        "Edge-on boxy bulge", "Edge-on no bulge", "Tight spiral", "Medium spiral", "Loose spiral",
    ];

    public static string ShortName(int label) => (uint)label < ShortNames.Length ? ShortNames[label] : $"class {label}";

    /// <summary>Galaxy10 labels: the dataset is <c>ans</c> and every value that is a class lies in 0..9.</summary>
    public static bool IsGalaxy10(string dataset, int[] values, int[] unlabelled)
    {
        if (dataset.Trim('/') != LabelsDataset) return false;
        foreach (var value in values)
            if (Array.BinarySearch(unlabelled, value) < 0 && (uint)value >= LongNames.Length)
                return false;
        return true;
    }
}
