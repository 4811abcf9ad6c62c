using System.Diagnostics;
using GalaxyActors.Core.Embedding;
using GalaxyActors.Core.Hdf5;
using GalaxyActors.Core.Jobs;
using GalaxyActors.Core.Labels;
using GalaxyActors.Core.Linalg;
using GalaxyActors.Core.Reporting;
using GalaxyActors.Core.Results;

namespace GalaxyActors.Core.Pipeline;

/// <summary>
/// Runs a whole job in this process: embed (unless it starts from a feature store), analyse, write
/// the result folder. `galaxy cluster` is this with a feature store as input.
/// </summary>
public static class LocalJob
{
    /// <summary>
    /// The whole job; its files are written into a staging folder and moved into <c>--out</c> only when it succeeds
    /// (<see cref="ResultStaging"/>), so a failed job leaves an earlier result there intact.
    /// </summary>
    public static JobSummary Run(JobRequest request, IProgress<PhaseProgress>? progress = null, CancellationToken cancellation = default)
    {
        var facts = JobInputs.Inspect(request);
        using var staging = ResultStaging.Begin(request, "local-" + Environment.ProcessId);
        var summary = Run(request with { OutputDirectory = staging.StagingDirectory }, facts, progress, cancellation);
        staging.Commit();
        return summary;
    }

    private static JobSummary Run(JobRequest request, InputFacts facts, IProgress<PhaseProgress>? progress, CancellationToken cancellation)
    {
        var total = Stopwatch.StartNew();
        var extraTimings = new Dictionary<string, double>();
        string featuresPath;
        if (request.Input.IsImages)
        {
            featuresPath = Path.Combine(request.OutputDirectory, ResultFolder.FeaturesFileName);
            using var images = GalaxyImageFile.Open(request.Input.ImagesPath!, request.Input.ImagesDataset, labelsDataset: null);
            using var embedder = ImageEmbedder.Create(request.ToEmbedderOptions());
            var embedWatch = Stopwatch.StartNew();
            EmbedPipeline.Run(images, embedder, featuresPath, facts.Rows, request.Analysis.SliceSize, facts.Labels, progress, cancellation);
            extraTimings["embed"] = embedWatch.Elapsed.TotalSeconds;
        }
        else
        {
            featuresPath = request.Input.FeaturesPath!;
            extraTimings["embed"] = 0;
        }
        return Analyse(request, featuresPath, facts.Labels, workers: 1, extraTimings, total, progress, cancellation: cancellation, inputWarnings: facts.Warnings);
    }

    /// <summary>
    /// The part of a job after embedding: reads the job's feature store at <paramref name="featuresPath"/> (written by
    /// the embed phase when the request has images, else the request's own feature store), analyses it and writes the
    /// result folder. The cluster's job runner calls this once its workers have filled the feature store, so a local
    /// and a distributed job share this code path and give identical results.
    /// </summary>
    /// <param name="labels">The job's labels, as <see cref="JobInputs.Inspect"/> found them (null: none).</param>
    /// <param name="workers">Worker nodes that embedded the features (summary.json's cluster.workers).</param>
    /// <param name="extraTimings">Timings measured before this call (embed); total is added here.</param>
    /// <param name="total">Started when the job started; read for the total time just before the results are written.</param>
    /// <param name="rowStages">
    /// Where the row-local stages run, given the rows and columns of the features (see <see cref="IRowStages"/>);
    /// null: in this process, on the feature store read into memory.
    /// </param>
    /// <param name="inputWarnings">What <see cref="JobInputs.Inspect"/> found suspicious in the input, put first in the job's warnings.</param>
    /// <param name="cancellation">
    /// Stops the analysis between stages and before anything is written to the result folder (a cancelled or failed
    /// cluster job must not go on computing, nor write over the folder after its runner is gone).
    /// </param>
    public static JobSummary Analyse(JobRequest request, string featuresPath, LabelSet? labels, int workers, Dictionary<string, double> extraTimings,
        Stopwatch total, IProgress<PhaseProgress>? progress = null, Func<int, int, IRowStages>? rowStages = null, CancellationToken cancellation = default,
        IReadOnlyList<string>? inputWarnings = null)
    {
        var input = request.Input;
        using var store = FeatureStoreReader.Open(featuresPath, input.IsImages ? JobInput.DefaultFeaturesDataset : input.FeaturesDataset, labelsDataset: null);
        var rows = input.RowsOf(store.Rows);
        var analysis = request.Analysis;
        IRowStages stages;
        if (rowStages is not null)
        {
            stages = rowStages(rows, store.Dimension);
        }
        else
        {
            var features = rows == store.Rows ? store.ReadAll() : store.ReadRows(0, rows);
            // Checked here, where the file is known: the analysis's own check can only say "the features".
            FiniteRows.Ensure(features.Data, features.Columns, 0, FeaturesOf(input));
            stages = new LocalRowStages(features, analysis.SliceSize, analysis.FeatureNorm, ownsFeatures: true);
        }
        var result = ClusterAnalysis.Run(stages, labels, analysis, progress, cancellation,
            map: (reduced, token) => ClusterMap.Compute(reduced, analysis.Map, analysis.Seed, token));
        if (inputWarnings is { Count: > 0 }) result = result with { Warnings = [.. inputWarnings, .. result.Warnings] };
        cancellation.ThrowIfCancellationRequested();
        if (store.ReadMorphology(rows) is { } morphology)
            result = result with { Morphology = MorphologyResult.Of(morphology, result) };
        var job = new JobDescription
        {
            InputPath = Path.GetFullPath(input.Path),
            ImagesDataset = input.IsImages ? input.ImagesDataset : store.Attributes?.ImagesDataset,
            FeaturesDataset = input.IsImages ? null : input.FeaturesDataset,
            Images = rows,
            ModelName = store.Attributes?.ModelName ?? "unknown (features given)",
            FeatureDimension = store.Dimension,
            Preprocessing = store.Attributes?.Preprocessing,
            Workers = workers,
            Slices = (rows + analysis.SliceSize - 1) / analysis.SliceSize,
        };
        extraTimings["total"] = total.Elapsed.TotalSeconds;
        cancellation.ThrowIfCancellationRequested();
        return OutputWriteFailure.Guard(request.OutputDirectory, () =>
        {
            var summary = ResultFolder.Write(request.OutputDirectory, store, job, analysis, result, extraTimings);
            return JobReport.Write(request.OutputDirectory, summary, total);
        });
    }

    /// <summary>How a job's features are named in a message about their values: by the user's file.</summary>
    public static string FeaturesOf(JobInput input) => input.IsImages ? $"features embedded from '{input.Path}'" : $"features in '{input.Path}'";
}
