namespace GalaxyActors.Core.Jobs;

/// <summary>
/// Where a job's ground-truth labels come from (--labels, --labels-dataset, --unlabelled). The labels never reach the
/// clustering; they score it. <see cref="Labels.JobLabels"/> is the one place that turns this into labels.
/// </summary>
public sealed record LabelRequest
{
    /// <summary>Labels dataset of image files and --labels files when none is named (Galaxy10's).</summary>
    public const string DefaultImageLabels = "ans";

    /// <summary>Labels dataset of feature stores when none is named (what our feature store writes).</summary>
    public const string DefaultFeatureLabels = "labels";

    /// <summary>An HDF5 file holding the labels (--labels); null = in the input itself.</summary>
    public string? Path { get; init; }

    /// <summary>
    /// The labels dataset (--labels-dataset); null = the default of the file read (<see cref="DefaultImageLabels"/> in image
    /// and --labels files, <see cref="DefaultFeatureLabels"/> in feature stores). A default dataset that is absent means
    /// "no labels"; a named one (or any dataset in a --labels file) that is absent is an error naming it.
    /// </summary>
    public string? Dataset { get; init; }

    /// <summary>Values that are not classes (--unlabelled), left out of the metrics; the dataset's own attributes may add more.</summary>
    public int[] Unlabelled { get; init; } = [];

    /// <summary>The user asked for labels, so their absence is an error, not silence.</summary>
    public bool Required => Path is not null || Dataset is not null;

    /// <summary>The dataset to read in a file of the given kind.</summary>
    public string DatasetIn(bool featureStore) => Dataset ?? (featureStore && Path is null ? DefaultFeatureLabels : DefaultImageLabels);

    public bool Equals(LabelRequest? other) =>
        other is not null && Path == other.Path && Dataset == other.Dataset && Unlabelled.AsSpan().SequenceEqual(other.Unlabelled);

    public override int GetHashCode() => HashCode.Combine(Path, Dataset, Unlabelled.Length);
}
