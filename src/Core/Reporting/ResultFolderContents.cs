using GalaxyActors.Core.Hdf5;
using GalaxyActors.Core.Labels;
using GalaxyActors.Core.Linalg;
using GalaxyActors.Core.Results;

namespace GalaxyActors.Core.Reporting;

/// <summary>
/// Everything a report is drawn from, read from a finished result folder's files only
/// (summary.json and features.h5): nothing here is recomputed.
/// </summary>
public sealed record ResultFolderContents
{
    public required string Directory { get; init; }
    public required JobSummary Summary { get; init; }
    public required RowMatrix Reduced { get; init; }
    public required int[] KMeansLabels { get; init; }

    /// <summary>K × d row-major, in the reduced space.</summary>
    public required float[] KMeansCentroids { get; init; }

    public required int[] SpectralLabels { get; init; }
    public required double[] ExplainedVarianceRatio { get; init; }

    /// <summary>True classes, one per row, with their names and "no class" values; or null.</summary>
    public LabelSet? Labels { get; init; }

    /// <summary>N × 2 (x, y) of the stored map.</summary>
    public required float[] Map { get; init; }

    /// <summary>"t-SNE" or "PC".</summary>
    public required string MapAxis { get; init; }

    /// <summary>The input images file and dataset, as recorded (may no longer exist).</summary>
    public string? ImagesPath { get; init; }

    public string? ImagesDataset { get; init; }

    /// <param name="summary">The job's summary when the caller holds it (a job about to write summary.json); null: read it from the folder.</param>
    public static ResultFolderContents Read(string directory, JobSummary? summary = null)
    {
        summary ??= SummaryJson.Read(directory);
        var store = Path.Combine(directory, ResultFolder.FeaturesFileName);
        if (!File.Exists(store))
            throw new InvalidInputException($"{store}: no {ResultFolder.FeaturesFileName} here; is this a results folder of a finished job?");

        FeatureStoreAttributes? attributes;
        using (var reader = FeatureStoreReader.Open(store, labelsDataset: null))
            attributes = reader.Attributes;
        var reduced = Hdf5Datasets.ReadFloats(store, "reduced");
        if (reduced.Dimensions.Length != 2)
            throw new InvalidInputException($"{store}: dataset 'reduced' has rank {reduced.Dimensions.Length}; expected [N,d].");
        var n = reduced.Dimensions[0];
        // The labels as the job stored them, with their names and "no class" values (LabelDatasetWriter).
        var stored = LabelDatasetFile.Read(store, LabelDatasetWriter.Dataset, n, n, required: false, "Results file");
        var labels = stored is null ? null : LabelSet.From(stored, []);
        var matrix = new RowMatrix(n, reduced.Dimensions[1], reduced.Values);
        var kmeans = Rows(store, "kmeans/labels", n);
        var spectral = Rows(store, "spectral/labels", n);

        var mapDataset = Hdf5Datasets.Exists(store, ClusterMap.TSneDataset) ? ClusterMap.TSneDataset
            : Hdf5Datasets.Exists(store, ClusterMap.PcaDataset) ? ClusterMap.PcaDataset
            : throw new InvalidInputException($"{store}: no 2-D map ('{ClusterMap.TSneDataset}' or '{ClusterMap.PcaDataset}'); re-run the job to store one.");
        var map = Hdf5Datasets.ReadFloats(store, mapDataset);
        if (map.Dimensions is not [var mapRows, 2] || mapRows != n)
            throw new InvalidInputException($"{store}: dataset '{mapDataset}' has shape [{string.Join(",", map.Dimensions)}]; expected [{n},2].");

        // Where the images are: the provenance the embedding wrote (copied into every result store),
        // else the job's own input when it was an images file.
        var imagesPath = !string.IsNullOrEmpty(attributes?.InputPath) ? attributes.InputPath
            : summary.Input.FeaturesDataset == null ? summary.Input.Path : null;
        var imagesDataset = !string.IsNullOrEmpty(attributes?.ImagesDataset) ? attributes.ImagesDataset : summary.Input.ImagesDataset;

        return new ResultFolderContents
        {
            Directory = directory,
            Summary = summary,
            Reduced = matrix,
            KMeansLabels = kmeans,
            KMeansCentroids = Hdf5Datasets.ReadFloats(store, "kmeans/centroids").Values,
            SpectralLabels = spectral,
            ExplainedVarianceRatio = Hdf5Datasets.ReadDoubles(store, "pca/explained_variance_ratio").Values,
            Labels = labels,
            Map = map.Values,
            MapAxis = ClusterMap.AxisName(mapDataset),
            ImagesPath = imagesPath,
            ImagesDataset = imagesDataset,
        };
    }

    private static int[] Rows(string store, string dataset, int n)
    {
        var values = Hdf5Datasets.ReadInts(store, dataset);
        if (values.Values.Length != n)
            throw new InvalidInputException($"{store}: dataset '{dataset}' has {values.Values.Length} entries for {n} rows.");
        return values.Values;
    }
}
