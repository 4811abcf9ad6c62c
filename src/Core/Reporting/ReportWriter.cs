using GalaxyActors.Core.Results;
using GalaxyActors.Core.Labels;
using GalaxyActors.Core.Linalg;

namespace GalaxyActors.Core.Reporting;

/// <summary>
/// Draws every figure of a finished result folder (elbow.png, pca_variance.png, eigenvalues.png,
/// embedding.png, montage_kmeans.png, montage_spectral.png, galaxies.png) and report.html, from the
/// folder's files alone (plus the input images, when still there). Deterministic: the same folder
/// gives byte-identical files, which is what lets `galaxy report` re-render a job's report.
/// </summary>
public static class ReportWriter
{
    public const string ReportFileName = "report.html";
    public const string Elbow = "elbow.png";
    public const string PcaVariance = "pca_variance.png";
    public const string Eigenvalues = "eigenvalues.png";
    public const string Embedding = "embedding.png";
    public const string MontageKMeans = "montage_kmeans.png";
    public const string MontageSpectral = "montage_spectral.png";
    public const string Galaxies = "galaxies.png";

    /// <param name="summary">The job's summary, when the job renders its report before writing summary.json; null: read from the folder.</param>
    public static ReportFiles Write(string resultsDirectory, JobSummary? summary = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(resultsDirectory);
        if (!Directory.Exists(resultsDirectory))
            throw new InvalidInputException($"{resultsDirectory}: no such results folder.");
        var contents = ResultFolderContents.Read(resultsDirectory, summary);
        var s = contents.Summary;
        var n = contents.Reduced.Rows;
        var figures = new Dictionary<string, PngImage>();

        var elbow = new ElbowPlot(s.KMeans.Sse, s.KMeans.K, s.KMeans.KAuto);
        figures[Elbow] = elbow.Render();
        var pca = new PcaVariancePlot(contents.ExplainedVarianceRatio, s.Pca.TargetVariance, s.Pca.Components);
        figures[PcaVariance] = pca.Render();
        var eigen = new EigenvaluePlot(s.Spectral.Eigenvalues, s.Spectral.KAuto, s.Spectral.K);
        figures[Eigenvalues] = eigen.Render();

        var panels = new List<EmbeddingPanel>
        {
            new($"K-means (K = {s.KMeans.K})", contents.KMeansLabels, c => $"cluster {c}"),
            new($"Spectral (K = {s.Spectral.K})", contents.SpectralLabels, c => $"cluster {c}"),
        };
        if (contents.Labels != null)
            panels.Add(new EmbeddingPanel("True class", contents.Labels.Values, contents.Labels.Name));
        figures[Embedding] = new EmbeddingPlot(contents.Map, contents.MapAxis, panels).Render();

        MontageLayout kmeansLayout, spectralLayout;
        string? unavailable;
        using (var images = GalaxyImageSource.Open(contents.ImagesPath, contents.ImagesDataset, n))
        {
            unavailable = images.UnavailableReason;
            var kmeansRows = Rows(contents.Reduced, contents.KMeansLabels, s.KMeans.K, contents.Labels,
                NearestMembers.ToCentroids(contents.Reduced, contents.KMeansLabels, contents.KMeansCentroids, s.KMeans.K, ClusterMontage.DefaultColumns));
            var kmeansMontage = new ClusterMontage($"K-means, K = {s.KMeans.K}: the galaxies nearest each centroid", kmeansRows, images);
            figures[MontageKMeans] = kmeansMontage.Render();
            kmeansLayout = kmeansMontage.Layout;

            var spectralK = s.Spectral.Sizes.Length;
            var spectralRows = Rows(contents.Reduced, contents.SpectralLabels, spectralK, contents.Labels,
                NearestMembers.ToMeans(contents.Reduced, contents.SpectralLabels, spectralK, ClusterMontage.DefaultColumns));
            var spectralMontage = new ClusterMontage($"Spectral clustering, K = {s.Spectral.K}: the galaxies nearest each cluster's mean", spectralRows, images);
            figures[MontageSpectral] = spectralMontage.Render();
            spectralLayout = spectralMontage.Layout;

            figures[Galaxies] = new GalaxyGrid(images, n, contents.Labels).Render();
        }

        var paths = new Dictionary<string, string>();
        foreach (var (name, png) in figures)
        {
            var path = Path.Combine(resultsDirectory, name);
            png.Save(path);
            paths[name] = path;
        }
        var reportPath = Path.Combine(resultsDirectory, ReportFileName);
        File.WriteAllText(reportPath, ReportHtml.Render(contents, figures));
        return new ReportFiles
        {
            ReportPath = reportPath,
            Figures = paths,
            ElbowMarkedK = elbow.MarkedK,
            EigenvalueGapK = eigen.MarkedGapK,
            PcaMarkedComponents = pca.MarkedComponents,
            KMeansMontage = kmeansLayout,
            SpectralMontage = spectralLayout,
            ImagesUnavailableReason = unavailable,
        };
    }

    private static List<MontageRow> Rows(RowMatrix points, int[] clusters, int k, LabelSet? labels, int[][] nearest)
    {
        var sizes = new int[k];
        var classCounts = new Dictionary<int, int>[k];
        for (var c = 0; c < k; c++)
            classCounts[c] = [];
        for (var i = 0; i < points.Rows; i++)
        {
            var c = clusters[i];
            if ((uint)c >= (uint)k) continue;
            sizes[c]++;
            if (labels != null && labels.IsClass(labels.Values[i]))
                classCounts[c][labels.Values[i]] = classCounts[c].GetValueOrDefault(labels.Values[i]) + 1;
        }
        var rows = new List<MontageRow>(k);
        for (var c = 0; c < k; c++)
        {
            int? majority = null;
            var best = 0;
            // Smallest class id wins a tie, so the label never depends on dictionary order.
            foreach (var (label, count) in classCounts[c].OrderBy(p => p.Key))
                if (count > best)
                {
                    best = count;
                    majority = label;
                }
            var labelled = classCounts[c].Values.Sum();
            rows.Add(new MontageRow(c, sizes[c], nearest[c], labels == null ? null : majority, labelled == 0 ? 0 : (double)best / labelled,
                majority is { } m ? labels!.Name(m) : null));
        }
        return rows;
    }
}
