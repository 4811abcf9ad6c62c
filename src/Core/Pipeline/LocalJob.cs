using System.Diagnostics;
using GalaxyActors.Core.Embedding;
using GalaxyActors.Core.Hdf5;
using GalaxyActors.Core.Reporting;
using GalaxyActors.Core.Results;

namespace GalaxyActors.Core.Pipeline;

/// <summary>
/// Runs a whole job in this process: embed (unless it starts from a feature store), analyse, write
/// the result folder. `galaxy cluster` is this with a feature store as input.
/// </summary>
public static class LocalJob
{
    public static JobSummary Run(JobRequest request, IProgress<PhaseProgress>? progress = null, CancellationToken cancellation = default)
    {
        request.Validate();
        OutputPaths.EnsureDirectory(request.OutputDirectory);
        var total = Stopwatch.StartNew();
        var extraTimings = new Dictionary<string, double>();
        string featuresPath;
        string inputPath;
        if (request.InputPath != null)
        {
            inputPath = request.InputPath;
            featuresPath = Path.Combine(request.OutputDirectory, ResultFolder.FeaturesFileName);
            using var images = GalaxyImageFile.Open(request.InputPath, request.ImagesDataset,
                request.LabelsPath == null ? request.LabelsDataset ?? JobRequest.DefaultImageLabels : null,
                labelsRequired: request.LabelsDataset != null && request.LabelsPath == null);
            using var embedder = ImageEmbedder.Create(new EmbedderOptions { ModelPath = request.ModelPath, Tta = request.Tta });
            var embedWatch = Stopwatch.StartNew();
            EmbedPipeline.Run(images, embedder, featuresPath, request.Limit, request.Analysis.SliceSize, progress, cancellation);
            extraTimings["embed"] = embedWatch.Elapsed.TotalSeconds;
        }
        else
        {
            inputPath = request.FeaturesPath!;
            featuresPath = request.FeaturesPath!;
            extraTimings["embed"] = 0;
        }

        using var store = FeatureStoreReader.Open(featuresPath, request.InputPath != null ? "features" : request.FeaturesDataset,
            request.LabelsPath == null ? request.LabelsDataset ?? JobRequest.DefaultFeatureLabels : null);
        if (request.InputPath == null && request.LabelsDataset != null && request.LabelsPath == null && !store.HasLabels)
            throw new InvalidInputException($"{featuresPath}: labels dataset '{request.LabelsDataset}' not found.");
        var rows = Math.Min(request.Limit ?? store.Rows, store.Rows);
        var features = rows == store.Rows ? store.ReadAll() : store.ReadRows(0, rows);
        var labels = request.LabelsPath != null
            ? LabelSource.ReadFromFile(request.LabelsPath, request.LabelsDataset ?? JobRequest.DefaultImageLabels, rows)
            : store.HasLabels ? store.ReadLabels().AsSpan(0, rows).ToArray() : null;

        var result = ClusterAnalysis.Run(features, labels, request.Analysis, progress);
        var job = new JobDescription
        {
            InputPath = Path.GetFullPath(inputPath),
            ImagesDataset = request.InputPath != null ? request.ImagesDataset : store.Attributes?.ImagesDataset,
            LabelsDataset = labels == null ? null : request.LabelsDataset ?? (request.InputPath != null ? JobRequest.DefaultImageLabels : JobRequest.DefaultFeatureLabels),
            FeaturesDataset = request.InputPath == null ? request.FeaturesDataset : null,
            Images = rows,
            HasLabels = labels != null,
            ModelName = store.Attributes?.ModelName ?? "unknown (features given)",
            FeatureDimension = store.Dimension,
            Preprocessing = store.Attributes?.Preprocessing,
            Workers = 1,
            Slices = (rows + request.Analysis.SliceSize - 1) / request.Analysis.SliceSize,
        };
        extraTimings["total"] = total.Elapsed.TotalSeconds;
        var summary = ResultFolder.Write(request.OutputDirectory, store, job, request.Analysis, result, labels, extraTimings);
        return JobReport.Write(request.OutputDirectory, summary, total);
    }
}
