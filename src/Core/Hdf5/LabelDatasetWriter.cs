using GalaxyActors.Core.Labels;
using PureHDF;

namespace GalaxyActors.Core.Hdf5;

/// <summary>
/// The <c>labels</c> dataset of the feature stores we write: int32 [N] with the labels' meaning as attributes
/// (<c>names</c> by class id, <c>names_source</c>, <c>unlabelled</c>, <c>source_dataset</c>), so a later job on the
/// store — or anyone with h5py — reads the same classes, names and "no class" values (<see cref="LabelDatasetFile"/>).
/// </summary>
public static class LabelDatasetWriter
{
    public const string Dataset = "labels";
    public const string SourceDatasetAttribute = "source_dataset";

    /// <summary>The dataset for the first <paramref name="rows"/> of <paramref name="labels"/>.</summary>
    public static H5Dataset For(LabelSet labels, int rows)
    {
        if (rows > labels.Count)
            throw new ArgumentOutOfRangeException(nameof(rows), rows, $"Only {labels.Count} labels.");
        var dataset = new H5Dataset(labels.Values.AsSpan(0, rows).ToArray());
        dataset.Attributes[LabelDatasetFile.UnlabelledAttributes[0]] = labels.Unlabelled.Length == 0 ? Array.Empty<int>() : (int[])labels.Unlabelled.Clone();
        dataset.Attributes[SourceDatasetAttribute] = labels.Dataset;
        if (labels.Names is { Length: > 0 } names)
        {
            dataset.Attributes[LabelDatasetFile.NameAttributes[0]] = (string[])names.Clone();
            dataset.Attributes[LabelDatasetFile.NamesSourceAttribute] = labels.NamesFrom ?? "";
        }
        return dataset;
    }
}
