using GalaxyActors.Core.Graph;
using GalaxyActors.Core.Hdf5;
using GalaxyActors.Core.Jobs;
using GalaxyActors.Core.Labels;
using GalaxyActors.Core.Linalg;
using GalaxyActors.Core.Pipeline;

namespace GalaxyActors.Core.Results;

/// <summary>
/// Writes a finished job's machine-readable results into its output folder (DESIGN.md §4): assignments.csv and
/// features.h5 with every analysis group; it returns the summary, which <see cref="Reporting.JobReport"/> writes as summary.json
/// once the report exists.
/// </summary>
public static class ResultFolder
{
    public const string FeaturesFileName = "features.h5";

    /// <param name="features">The job's feature store; its rows are copied into the folder's features.h5
    /// (it may already be that file: the writer replaces it atomically).</param>
    public static JobSummary Write(string directory, FeatureStoreReader features, JobDescription job, AnalysisOptions options,
        AnalysisResult result, IReadOnlyDictionary<string, double> extraTimings)
    {
        OutputPaths.EnsureDirectory(directory);
        var summary = BuildSummary(job, options, result, extraTimings);
        AssignmentsCsv.Write(directory, result.KMeans.Labels, result.SpectralLabels, result.Labels?.Values);
        List<ExtraDataset> extras = [.. AnalysisDatasets(result)];
        if (result.Map is { } map) extras.Add(map.Coordinates);
        ResultStoreWriter.Write(Path.Combine(directory, FeaturesFileName), features, extras, result.Labels,
            rows: result.Reduced.Rows, morphology: result.Morphology?.Rows);
        return summary; // summary.json is written once, by JobReport, after the report
    }

    public static JobSummary BuildSummary(JobDescription job, AnalysisOptions options, AnalysisResult result,
        IReadOnlyDictionary<string, double> extraTimings)
    {
        var timings = new Dictionary<string, double>(result.Timings);
        foreach (var (phase, seconds) in extraTimings) timings[phase] = seconds;
        return new JobSummary
        {
            Input = new InputSummary
            {
                Path = job.InputPath,
                ImagesDataset = job.ImagesDataset,
                LabelsDataset = result.Labels?.Dataset,
                FeaturesDataset = job.FeaturesDataset,
                Images = job.Images,
                HasLabels = result.Labels != null,
            },
            Model = new ModelSummary { Name = job.ModelName, FeatureDim = job.FeatureDimension, Preprocessing = job.Preprocessing },
            Pca = new PcaSummary
            {
                TargetVariance = options.Variance,
                Components = result.Pca.ComponentCount,
                ExplainedVarianceRatio = result.Pca.ExplainedVarianceRatio.Take(result.Pca.ComponentCount).ToArray(),
                FeatureNorm = FeatureNormalization.Name(options.FeatureNorm),
            },
            KMeans = new KMeansSummary
            {
                K = result.Elbow.ChosenK,
                KAuto = result.Elbow.KneeK,
                Sse = result.Elbow.Sse,
                Sizes = result.KMeans.Sizes.Select(s => (int)s).ToArray(),
                NInit = options.NInit,
                RestartSample = result.Elbow.Chosen.RestartRows,
                KRule = options.K is null ? "knee" : "given",
            },
            Spectral = new SpectralSummary
            {
                K = result.SpectralK,
                KAuto = result.SpectralKAuto,
                Neighbors = options.Neighbors,
                Knn = new KnnSummary
                {
                    Method = KnnMethods.Name(result.Knn.Method),
                    Recall = result.Knn.Recall,
                    RecallSample = result.Knn.Recall is null ? null : Math.Min(KnnMethods.RecallSample, result.Reduced.Rows),
                },
                Eigenvalues = result.Spectral.Eigenvalues,
                ConnectedComponents = result.Spectral.Components.Count,
                Sizes = result.SpectralSizes,
                KRule = options.K is null ? "eigengap" : "given",
                Gap = GapOf(result.SpectralGap),
            },
            Metrics = result.Metrics,
            Timings = timings,
            Cluster = new ClusterSummary { Workers = job.Workers, Slices = job.Slices },
            Seed = options.Seed,
            Labels = result.Labels is { } labels ? LabelsOf(labels) : null,
            Morphology = result.Morphology is { } morphology ? MorphologySummaries.Of(morphology) : null,
            Map = result.Map?.Summary,
            Warnings = [.. result.Warnings],
        };
    }

    private static GapSummary GapOf(EigengapChoice gap) => new()
    {
        K = gap.K,
        Lower = gap.Lower,
        Upper = double.IsNaN(gap.Upper) ? null : gap.Upper,
        Size = double.IsNaN(gap.Upper) ? null : gap.Gap,
    };

    private static LabelsSummary LabelsOf(LabelSet labels) => new()
    {
        Dataset = labels.Dataset,
        Path = labels.SourcePath,
        Classes = labels.Classes.ToDictionary(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture), labels.Name),
        NamesFrom = labels.NamesFrom,
        UnlabelledValues = labels.Unlabelled,
        UnlabelledRows = labels.UnlabelledRows,
        LabelledRows = labels.LabelledRows,
    };

    private static List<ExtraDataset> AnalysisDatasets(AnalysisResult result)
    {
        var n = result.Reduced.Rows;
        var d = result.Reduced.Columns;
        var pca = result.Pca;
        return
        [
            ExtraDataset.Of("reduced", result.Reduced.Data, n, d),
            ExtraDataset.Of("pca/components", pca.Components.AsSpan(0, pca.ComponentCount * pca.InputDimensions).ToArray(), pca.ComponentCount, pca.InputDimensions),
            ExtraDataset.Of("pca/mean", pca.Mean, pca.InputDimensions),
            ExtraDataset.Of("pca/explained_variance_ratio", pca.ExplainedVarianceRatio, pca.ExplainedVarianceRatio.Length),
            ExtraDataset.Of("kmeans/labels", result.KMeans.Labels, n),
            ExtraDataset.Of("kmeans/centroids", result.KMeans.Centroids, result.KMeans.K, d),
            ExtraDataset.Of("kmeans/sse", result.Elbow.Sse, result.Elbow.Sse.Length),
            ExtraDataset.Of("spectral/labels", result.SpectralLabels, n),
            ExtraDataset.Of("spectral/eigenvalues", result.Spectral.Eigenvalues, result.Spectral.Eigenvalues.Length),
        ];
    }
}
