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
        if (request.InputPath != null)
        {
            featuresPath = Path.Combine(request.OutputDirectory, ResultFolder.FeaturesFileName);
            using var images = GalaxyImageFile.Open(request.InputPath, request.ImagesDataset,
                request.LabelsPath == null ? request.LabelsDataset ?? JobRequest.DefaultImageLabels : null,
                labelsRequired: request.LabelsDataset != null && request.LabelsPath == null);
            using var embedder = ImageEmbedder.Create(request.ToEmbedderOptions());
            var embedWatch = Stopwatch.StartNew();
            EmbedPipeline.Run(images, embedder, featuresPath, request.Limit, request.Analysis.SliceSize, progress, cancellation);
            extraTimings["embed"] = embedWatch.Elapsed.TotalSeconds;
        }
        else
        {
            featuresPath = request.FeaturesPath!;
            extraTimings["embed"] = 0;
        }
        return Analyse(request, featuresPath, workers: 1, extraTimings, total, progress);
    }

    /// <summary>
    /// The part of a job after embedding: reads the job's feature store at <paramref name="featuresPath"/> (written by
    /// the embed phase when the request has images, else the request's own feature store), analyses it and writes the
    /// result folder. The cluster's job runner calls this once its workers have filled the feature store, so a local
    /// and a distributed job share this code path and give identical results.
    /// </summary>
    /// <param name="workers">Worker nodes that embedded the features (summary.json's cluster.workers).</param>
    /// <param name="extraTimings">Timings measured before this call (embed); total is added here.</param>
    /// <param name="total">Started when the job started; read for the total time just before the results are written.</param>
    /// <param name="rowStages">
    /// Where the row-local stages run, given the rows and columns of the features (see <see cref="IRowStages"/>);
    /// null: in this process, on the feature store read into memory.
    /// </param>
    public static JobSummary Analyse(JobRequest request, string featuresPath, int workers, Dictionary<string, double> extraTimings,
        Stopwatch total, IProgress<PhaseProgress>? progress = null, Func<int, int, IRowStages>? rowStages = null)
    {
        var inputPath = request.InputPath ?? request.FeaturesPath!;
        using var store = FeatureStoreReader.Open(featuresPath, request.InputPath != null ? "features" : request.FeaturesDataset,
            request.LabelsPath == null ? request.LabelsDataset ?? JobRequest.DefaultFeatureLabels : null);
        if (request.InputPath == null && request.LabelsDataset != null && request.LabelsPath == null && !store.HasLabels)
            throw new InvalidInputException($"{featuresPath}: labels dataset '{request.LabelsDataset}' not found.");
        var rows = Math.Min(request.Limit ?? store.Rows, store.Rows);
        var labels = request.LabelsPath != null
            ? LabelSource.ReadFromFile(request.LabelsPath, request.LabelsDataset ?? JobRequest.DefaultImageLabels, rows)
            : store.HasLabels ? store.ReadLabels().AsSpan(0, rows).ToArray() : null;

        var stages = rowStages?.Invoke(rows, store.Dimension)
                     ?? new LocalRowStages(rows == store.Rows ? store.ReadAll() : store.ReadRows(0, rows), request.Analysis.SliceSize);
        var result = ClusterAnalysis.Run(stages, labels, request.Analysis, progress);
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
            Workers = workers,
            Slices = (rows + request.Analysis.SliceSize - 1) / request.Analysis.SliceSize,
        };
        extraTimings["total"] = total.Elapsed.TotalSeconds;
        var summary = ResultFolder.Write(request.OutputDirectory, store, job, request.Analysis, result, labels, extraTimings);
        return JobReport.Write(request.OutputDirectory, summary, total);
    }
}
