using GalaxyActors.Core.Hdf5;
using GalaxyActors.Core.Jobs;

namespace GalaxyActors.Core.Labels;

/// <summary>
/// Where a job's labels come from — the one place that says it, for every path (one process, the cluster, images,
/// feature stores, a separate --labels file):
/// <list type="bullet">
/// <item>--labels FILE: its --labels-dataset (default <c>ans</c>), which must exist;</item>
/// <item>else the input itself: --labels-dataset if named (it must exist), else <c>ans</c> in an images file or
/// <c>labels</c> in a feature store, used when present;</item>
/// <item>values given with --unlabelled, or marked by the dataset's attributes, are not classes.</item>
/// </list>
/// Asking for labels in any way (--labels, --labels-dataset, --unlabelled) makes their absence, a wrong length, or
/// fewer than two classes an error naming the file and dataset; labels found by default that leave fewer than two
/// classes are kept, and the job warns instead of scoring against them.
/// </summary>
public static class JobLabels
{
    /// <param name="inputRows">Rows the input file holds (the labels must have as many).</param>
    /// <param name="rows">Rows the job uses (the first ones: --limit).</param>
    public static LabelSet? Read(JobInput input, int inputRows, int rows)
    {
        var request = input.Labels;
        var (path, what) = request.Path is { } labelsPath ? (labelsPath, "Labels file")
            : (input.Path, input.IsImages ? "Input file" : "Feature store");
        var dataset = request.DatasetIn(featureStore: !input.IsImages);
        var required = IsAskedFor(request);
        var contents = LabelDatasetFile.Read(path, dataset, inputRows, rows, required, what);
        if (contents is null) return null;
        var labels = LabelSet.From(contents, request.Unlabelled);
        if (required && labels.Classes.Length < 2)
            throw new InvalidInputException($"{what} '{path}', labels dataset '{InputText.Brief(dataset)}': {Classes(labels)} in the first {rows} rows " +
                                            $"{Excluding(labels)}; scoring a clustering needs at least 2.");
        return labels;
    }

    /// <summary>The warning for labels found by default that leave fewer than two classes (null when they leave two or more).</summary>
    public static string? Warning(LabelSet? labels) => labels is { Classes.Length: < 2 }
        ? $"labels dataset '{InputText.Brief(labels.Dataset)}' in {labels.SourcePath}: {Classes(labels)} {Excluding(labels)}, so no metrics were computed against it."
        : null;

    private static bool IsAskedFor(LabelRequest request) => request.Required || request.Unlabelled.Length > 0;

    private static string Classes(LabelSet labels) => labels.Classes.Length switch
    {
        0 => "no class",
        1 => $"only one class ({labels.Classes[0]})",
        var n => $"{n} classes",
    };

    private static string Excluding(LabelSet labels) => labels.Unlabelled.Length == 0
        ? "(no value is marked unlabelled)"
        : $"after leaving out the unlabelled value(s) {LabelDatasetFile.Describe(labels.Unlabelled)} ({labels.UnlabelledRows} rows)";
}
