using GalaxyActors.Core.Hdf5;

namespace GalaxyActors.Core.Labels;

/// <summary>
/// A job's ground-truth labels: one value per row, what they are called, and which values are not classes. The
/// clustering never sees them; the metrics use only the rows whose value is a class (<see cref="IsClass"/>), and
/// the report names the classes with <see cref="Name"/>.
/// </summary>
public sealed class LabelSet
{
    public LabelSet(int[] values, string dataset, string sourcePath, string[]? names, string? namesFrom, int[] unlabelled)
    {
        Values = values;
        Dataset = dataset;
        SourcePath = sourcePath;
        Names = names;
        NamesFrom = namesFrom;
        Unlabelled = [.. unlabelled.Distinct().Order()];
        var classes = new SortedSet<int>();
        foreach (var value in values)
            if (IsClass(value)) classes.Add(value);
            else UnlabelledRows++;
        Classes = [.. classes];
    }

    /// <summary>One value per row, as stored.</summary>
    public int[] Values { get; }

    /// <summary>The dataset they were read from.</summary>
    public string Dataset { get; }

    /// <summary>The file they were read from.</summary>
    public string SourcePath { get; }

    /// <summary>Class names by class id (index = id); null when the labels came without names and are not Galaxy10's.</summary>
    public string[]? Names { get; }

    /// <summary>Where <see cref="Names"/> came from, for the report ("file attribute 'coarse_names'", "Galaxy10").</summary>
    public string? NamesFrom { get; }

    /// <summary>Values that are not classes (given with --unlabelled or read from the labels' attributes), ascending.</summary>
    public int[] Unlabelled { get; }

    /// <summary>The class ids present, ascending.</summary>
    public int[] Classes { get; }

    /// <summary>Rows whose value is not a class.</summary>
    public int UnlabelledRows { get; }

    /// <summary>Rows whose value is a class.</summary>
    public int LabelledRows => Values.Length - UnlabelledRows;

    public int Count => Values.Length;

    public bool IsClass(int value) => Array.BinarySearch(Unlabelled, value) < 0;

    /// <summary>"Smooth, cigar-shaped", "edge-on disk" or "class 7".</summary>
    public string Name(int classId) =>
        Names is { } names && (uint)classId < (uint)names.Length && !string.IsNullOrWhiteSpace(names[classId]) ? names[classId] : $"class {classId}";

    /// <summary>A name short enough for a galaxy tile: Galaxy10's short forms, else <see cref="Name"/>.</summary>
    public string ShortName(int classId) => NamesFrom == Galaxy10.NamesSource ? Galaxy10.ShortName(classId) : Name(classId);

    /// <summary>
    /// Labels as read from a file: names from its attributes, else Galaxy10's for Galaxy10 labels (dataset <c>ans</c>,
    /// every class in 0..9, no names given), else none; the unlabelled values given plus those its attributes mark.
    /// </summary>
    public static LabelSet From(LabelDatasetContents contents, IEnumerable<int> unlabelled)
    {
        int[] excluded = [.. contents.Unlabelled.Concat(unlabelled).Distinct().Order()];
        var names = contents.Names;
        var namesFrom = contents.NamesFrom;
        if (names is null && Galaxy10.IsGalaxy10(contents.Dataset, contents.Values, excluded))
            (names, namesFrom) = (Galaxy10.LongNames, Galaxy10.NamesSource);
        return new LabelSet(contents.Values, contents.Dataset, contents.Path, names, namesFrom, excluded);
    }

    /// <summary>Bare values (a library caller's, a test's): no names, every value a class.</summary>
    public static LabelSet FromValues(int[] values) => new(values, "labels", "", null, null, []);

    /// <summary>Rows where the value is a class, ascending.</summary>
    public int[] LabelledRowIndices()
    {
        var rows = new int[LabelledRows];
        for (int i = 0, j = 0; i < Values.Length; i++)
            if (IsClass(Values[i])) rows[j++] = i;
        return rows;
    }
}
