using System.Globalization;
using System.Net;
using System.Text;
using GalaxyActors.Core.Metrics;
using GalaxyActors.Core.Results;

namespace GalaxyActors.Core.Reporting;

/// <summary>
/// report.html: one self-contained page (figures inlined as PNG data URIs, CSS inline, no script, no
/// network) with sections of fixed ids: input, pca, kmeans, spectral, comparison and, when labels
/// exist, labels. Every string that came from the input is HTML-encoded.
/// </summary>
public sealed class ReportHtml
{
    public static readonly string[] SectionIds = ["input", "pca", "kmeans", "spectral", "comparison", "labels"];

    /// <summary>The order a job runs its phases in; phases not listed follow, by name.</summary>
    private static readonly string[] PhaseOrder = ["embed", "pca", "kmeans", "knn", "spectral", "metrics", "map", "map_wait"];

    private const string Css = """
        body{font-family:"DejaVu Sans",Verdana,sans-serif;margin:2em auto;max-width:1400px;padding:0 1em;color:#222;line-height:1.45}
        h1{font-size:1.8em;margin-bottom:.2em}h2{border-bottom:2px solid #ccc;padding-bottom:.2em;margin-top:2em}
        nav a{margin-right:1em}table{border-collapse:collapse;margin:.8em 0}
        th,td{border:1px solid #ccc;padding:.25em .6em;text-align:right}th{background:#f3f3f3}
        td.text,th.text{text-align:left}td.text:first-child{white-space:nowrap}td.best{background:#fde2c4;font-weight:bold}
        figure{margin:1em 0}figure img{max-width:100%;height:auto;border:1px solid #ddd}
        figcaption{color:#555;font-size:.9em}.note{color:#555}
        .warn{background:#fff4d6;border:1px solid #e0b64c;padding:.4em 1em;margin:1em 0}
        """;

    private readonly StringBuilder _html = new();
    private readonly IReadOnlyDictionary<string, PngImage> _figures;
    private bool _sectionOpen;

    private ReportHtml(IReadOnlyDictionary<string, PngImage> figures) => _figures = figures;

    /// <param name="figures">PNG by file name (elbow.png, …); each is inlined where the page shows it.</param>
    public static string Render(ResultFolderContents contents, IReadOnlyDictionary<string, PngImage> figures)
    {
        var page = new ReportHtml(figures);
        page.Build(contents);
        return page._html.ToString();
    }

    private void Build(ResultFolderContents contents)
    {
        var s = contents.Summary;
        Line("<!DOCTYPE html>");
        Line("<html lang=\"en\"><head><meta charset=\"utf-8\">");
        Line($"<title>Galaxy clustering: {E(Path.GetFileName(s.Input.Path))}</title>");
        Line($"<style>{Css}</style></head><body>");
        Line("<h1>Galaxy clustering report</h1>");
        Line($"<p class=\"note\">{s.Input.Images.ToString("N0", Inv)} galaxies from {E(s.Input.Path)}: {E(s.Model.Name)} features " +
             $"→ PCA ({s.Pca.Components} components) → K-means (K = {s.KMeans.K}) and spectral clustering (K = {s.Spectral.K}).</p>");
        if (s.Warnings.Length > 0)
            Line("<div class=\"warn\"><b>Warnings</b><ul>" + string.Concat(s.Warnings.Select(w => $"<li>{E(w)}</li>")) + "</ul></div>");
        Line("<nav>" + string.Concat(SectionIds.Where(id => id != "labels" || s.Input.HasLabels && contents.Labels != null)
            .Select(id => $"<a href=\"#{id}\">{Title(id)}</a>")) + "</nav>");

        InputSection(contents);
        PcaSection(s);
        KMeansSection(s);
        SpectralSection(s);
        ComparisonSection(contents);
        if (contents.Labels != null)
            LabelsSection(contents);
        CloseSection();
        Line("</body></html>");
    }

    private void InputSection(ResultFolderContents contents)
    {
        var s = contents.Summary;
        Section("input");
        Table(null, [
            ["input file", E(s.Input.Path)],
            [s.Input.FeaturesDataset != null ? "features dataset" : "images dataset", E(s.Input.FeaturesDataset ?? s.Input.ImagesDataset ?? "")],
            ["images", s.Input.Images.ToString("N0", Inv)],
            ["labels", LabelsDescription(s)],
            ["model", $"{E(s.Model.Name)}, {s.Model.FeatureDim}-d features"],
            ["preprocessing", E(s.Model.Preprocessing ?? "—")],
            ["feature normalisation", E(s.Pca.FeatureNorm) + " (each feature row, before PCA)"],
            ["nodes (workers)", s.Cluster.Workers.ToString(Inv)],
            ["slices", s.Cluster.Slices.ToString(Inv)],
            ["seed", s.Seed.ToString(Inv)],
        ], textColumns: 2);
        // The report cannot time itself, and the job's total includes it: both are in summary.json,
        // and leaving them out keeps the page identical when `galaxy report` re-renders it.
        Line("<h3>Time per phase</h3>");
        var phases = s.Timings.Where(t => t.Key is not ("report" or "total"))
            .OrderBy(t => Array.IndexOf(PhaseOrder, t.Key) is var at and >= 0 ? at : PhaseOrder.Length).ThenBy(t => t.Key, StringComparer.Ordinal).ToList();
        var rows = phases.Select(t => new[] { E(t.Key), t.Value.ToString("F2", Inv) + " s" }).ToList();
        // The map runs beside K-means, kNN and spectral: only the time the job waited for it (map_wait) is added.
        var serial = phases.Where(t => !(t.Key == "map" && s.Timings.ContainsKey("map_wait"))).Sum(t => t.Value);
        rows.Add([s.Timings.ContainsKey("map_wait") ? "all phases above, the map counted by its wait" : "all phases above", serial.ToString("F2", Inv) + " s"]);
        Table(["phase", "time"], rows, textColumns: 1);
        Line("<p class=\"note\">Rendering this report and the job's total wall time: <code>timings.report</code> and <code>timings.total</code> in summary.json.</p>");
        Figure("galaxies.png", "A sample of the input galaxies, spread evenly over the input" + (contents.Labels != null ? ", with their true class." : "."));
    }

    private void PcaSection(JobSummary s)
    {
        Section("pca");
        var reached = s.Pca.ExplainedVarianceRatio.Take(s.Pca.Components).Sum();
        Line($"<p>PCA keeps the fewest components whose cumulative explained variance reaches {s.Pca.TargetVariance.ToString("P0", Inv)}: " +
             $"<b>{s.Pca.Components}</b> of {s.Model.FeatureDim} dimensions, explaining {reached.ToString("P1", Inv)}.</p>");
        Figure("pca_variance.png", "Cumulative explained variance; the dashed lines are the target and the number of components kept.");
    }

    private void KMeansSection(JobSummary s)
    {
        Section("kmeans");
        Line($"<p>K-means (k-means++, {s.KMeans.NInit} restarts per K) for K = 1…{s.KMeans.Sse.Length}. The knee of the SSE curve (Kneedle) is at " +
             $"K = {s.KMeans.KAuto}; the clustering uses <b>K = {s.KMeans.K}</b> " +
             (s.KMeans.KRule == "given" ? "(given with --k)" : "(chosen by the knee)") + ".</p>");
        Figure("elbow.png", "Within-cluster sum of squared errors against K; the red line marks the K used.");
        ClusterTable(s.KMeans.Sizes, s.Morphology, s.Morphology?.KMeans);
        Figure("montage_kmeans.png", "Each K-means cluster: its size and the 12 galaxies nearest its centroid (in the PCA space), enlarged 2×.");
    }

    private void SpectralSection(JobSummary s)
    {
        Section("spectral");
        var approximate = s.Spectral.Knn is { Method: "approximate", Recall: { } recall }
            ? $" (approximate, by NN-descent: it holds {recall.ToString("P1", Inv)} of the exact neighbours of {s.Spectral.Knn.RecallSample} sampled galaxies)"
            : "";
        Line($"<p>Spectral clustering on the {s.Spectral.Neighbors}-nearest-neighbour graph{approximate} (symmetrised), normalised Laplacian. " +
             GapSentence(s.Spectral) + $" The clustering uses <b>K = {s.Spectral.K}</b> " +
             (s.Spectral.KRule == "given" ? "(given with --k)" : "(chosen by the eigengap)") + "." +
             (s.Spectral.ConnectedComponents > 1 ? $" The graph has {s.Spectral.ConnectedComponents} connected components." : "") + "</p>");
        Line("<p>Eigenvalues: " + string.Join(", ", s.Spectral.Eigenvalues.Select(v => v.ToString("G4", Inv))) + "</p>");
        Figure("eigenvalues.png", "The first 10 eigenvalues of the normalised graph Laplacian; the shaded band is the largest gap.");
        ClusterTable(s.Spectral.Sizes, s.Morphology, s.Morphology?.Spectral);
        Figure("montage_spectral.png", "Each spectral cluster (ids matched to the K-means ones): its size and the 12 galaxies nearest the mean of its PCA-space points, enlarged 2×.");
    }

    private void ComparisonSection(ResultFolderContents contents)
    {
        Section("comparison");
        Line($"<p>Agreement between the two methods, adjusted Rand index: <b>{contents.Summary.Metrics.AgreementAri.ToString("F3", Inv)}</b> " +
             "(1 = identical partitions, 0 = chance). Spectral cluster ids are matched to K-means ids (Hungarian), so the diagonal counts agreeing galaxies.</p>");
        Contingency(new ContingencyTable(contents.KMeansLabels, contents.SpectralLabels), "K-means ↓ / spectral →", c => $"cluster {c}", c => c.ToString(Inv));
        Figure("embedding.png", $"2-D map of the PCA features ({(contents.MapAxis == "t-SNE" ? "t-SNE" : "first two principal components")}), coloured by cluster" +
                                (contents.Labels != null ? " and by true class." : ".") + SampledMapNote(contents.Summary.Map));
    }

    private static string SampledMapNote(MapSummary? map) => map is { Placed: > 0 }
        ? $" t-SNE laid out a random sample of {map.Embedded.ToString("N0", Inv)} galaxies; the other {map.Placed.ToString("N0", Inv)} sit at the median position of their {map.PlacementNeighbours} nearest sampled neighbours in PCA space."
        : "";

    private void LabelsSection(ResultFolderContents contents)
    {
        var s = contents.Summary;
        var labels = contents.Labels!;
        Section("labels");
        var scored = s.Labels is { UnlabelledRows: > 0 } l
            ? $" Scored on the {l.LabelledRows:N0} galaxies with a class; {l.UnlabelledRows:N0} are unlabelled (value {string.Join(", ", l.UnlabelledValues)}) and left out."
            : "";
        Line($"<p>Against the true classes of <code>{E(s.Labels?.Dataset ?? s.Input.LabelsDataset ?? "labels")}</code> (which the clustering never saw): " +
             "adjusted Rand index, normalised mutual information, and purity (the share of galaxies in their cluster's majority class)." + E(scored) + "</p>");
        var metricRows = new List<string[]>();
        if (s.Metrics.KMeans is { } km) metricRows.Add(["K-means", F(km.Ari), F(km.Nmi), F(km.Purity)]);
        if (s.Metrics.Spectral is { } sp) metricRows.Add(["spectral", F(sp.Ari), F(sp.Nmi), F(sp.Purity)]);
        Table(["method", "ARI", "NMI", "purity"], metricRows, textColumns: 1);
        var rows = labels.LabelledRowIndices();
        var classes = rows.Select(r => labels.Values[r]).ToArray();
        Line("<h3>K-means clusters × true classes</h3>");
        Contingency(new ContingencyTable(rows.Select(r => contents.KMeansLabels[r]).ToArray(), classes), "cluster ↓ / class →", c => $"cluster {c}", labels.Name);
        Line("<h3>Spectral clusters × true classes</h3>");
        Contingency(new ContingencyTable(rows.Select(r => contents.SpectralLabels[r]).ToArray(), classes), "cluster ↓ / class →", c => $"cluster {c}", labels.Name);
    }

    private static string LabelsDescription(JobSummary s)
    {
        if (s.Labels is not { } l) return "no";
        var names = l.NamesFrom is null ? "no class names given" : $"names from {l.NamesFrom}";
        var unlabelled = l.UnlabelledRows > 0 ? $"; {l.UnlabelledRows:N0} unlabelled (value {string.Join(", ", l.UnlabelledValues)})" : "";
        return E($"{l.Dataset} in {l.Path}: {l.Classes.Count} classes, {names}{unlabelled}");
    }

    private static string GapSentence(SpectralSummary spectral) => spectral.Gap is not { } gap
        ? $"The eigengap says K = {spectral.KAuto}."
        : gap.Size is { } size
            ? $"The largest gap among λ₂…λ{spectral.Eigenvalues.Length} (K ≥ 2, and at least the number of connected components) is between " +
              $"λ{gap.K} = {gap.Lower.ToString("G4", Inv)} and λ{gap.K + 1} = {gap.Upper!.Value.ToString("G4", Inv)} (gap {size.ToString("G4", Inv)}): K = {gap.K}."
            : $"No gap could be measured after λ{gap.K} (too few eigenvalues computed): K = {gap.K}.";

    // Each cluster's size and, when the images' morphology was measured, the cluster in words and the median
    // (interquartile range) of each quantity, so the table above a montage says what its rows show.
    private void ClusterTable(int[] sizes, MorphologySummary? morphology, ClusterMorphologySummary[]? clusters)
    {
        if (morphology is null || clusters is null || clusters.Length != sizes.Length)
        {
            Table(["cluster", "galaxies"], sizes.Select((size, c) => new[] { c.ToString(Inv), size.ToString("N0", Inv) }).ToList(), textColumns: 0);
            return;
        }
        var shown = morphology.Quantities.Where(q => q.Name != "position_angle").ToArray(); // an orientation, not a shape
        var header = new[] { "cluster", "galaxies", "morphology" }.Concat(shown.Select(q => q.Symbol)).ToArray();
        var rows = clusters.Select(c => new[] { c.Cluster.ToString(Inv), c.Size.ToString("N0", Inv), E(c.Description) }
            .Concat(shown.Select(q => Spread(c.Values.GetValueOrDefault(q.Name)))).ToArray()).ToList();
        Line("<div class=\"morphology\">");
        Table(header, rows, textColumns: 3);
        Line("<p class=\"note\">Median (interquartile range) over each cluster's galaxies, measured on every image during embedding " +
             $"({morphology.MeasuredRows:N0} segmented): " +
             string.Join("; ", shown.Select(q => $"<b>{E(q.Symbol)}</b> {E(q.Description)}")) + "</p></div>");
    }

    private static string Spread(QuantitySpread? spread) => spread is { Median: { } median }
        ? $"{median.ToString("G3", Inv)} <span class=\"note\">({spread.LowerQuartile?.ToString("G3", Inv)}–{spread.UpperQuartile?.ToString("G3", Inv)})</span>"
        : "–";

    /// <summary>Counts with row and column totals; each row's largest cell is highlighted.</summary>
    private void Contingency(ContingencyTable table, string corner, Func<int, string> rowName, Func<int, string> columnName)
    {
        Line("<table><tr><th class=\"text\">" + E(corner) + "</th>" +
             string.Concat(table.ColumnLabels.Select(c => $"<th>{E(columnName(c))}</th>")) + "<th>total</th></tr>");
        for (var r = 0; r < table.RowLabels.Length; r++)
        {
            long best = -1;
            for (var c = 0; c < table.ColumnLabels.Length; c++) best = Math.Max(best, table.Counts[r, c]);
            var row = new StringBuilder($"<tr><th class=\"text\">{E(rowName(table.RowLabels[r]))}</th>");
            for (var c = 0; c < table.ColumnLabels.Length; c++)
            {
                var count = table.Counts[r, c];
                row.Append(count == best && count > 0 ? "<td class=\"best\">" : "<td>").Append(count.ToString(Inv)).Append("</td>");
            }
            row.Append("<td>").Append(table.RowSums[r].ToString(Inv)).Append("</td></tr>");
            Line(row.ToString());
        }
        Line("<tr><th class=\"text\">total</th>" + string.Concat(table.ColumnSums.Select(v => $"<td>{v.ToString(Inv)}</td>")) +
             $"<td>{table.Total.ToString(Inv)}</td></tr></table>");
    }

    /// <param name="cells">Already-encoded HTML.</param>
    private void Table(string[]? header, IReadOnlyList<string[]> cells, int textColumns)
    {
        Line("<table>");
        if (header != null)
            Line("<tr>" + string.Concat(header.Select((h, i) => i < textColumns ? $"<th class=\"text\">{E(h)}</th>" : $"<th>{E(h)}</th>")) + "</tr>");
        foreach (var row in cells)
            Line("<tr>" + string.Concat(row.Select((cell, i) => i < textColumns ? $"<td class=\"text\">{cell}</td>" : $"<td>{cell}</td>")) + "</tr>");
        Line("</table>");
    }

    private void Figure(string file, string caption)
    {
        if (!_figures.TryGetValue(file, out var png))
            return;
        Line($"<figure><img src=\"data:image/png;base64,{Convert.ToBase64String(png.Bytes)}\" width=\"{png.Width}\" height=\"{png.Height}\" " +
             $"alt=\"{E(file)}\"><figcaption>{E(caption)} <span class=\"note\">({E(file)})</span></figcaption></figure>");
    }

    private void Section(string id)
    {
        CloseSection();
        Line($"<section id=\"{id}\"><h2>{Title(id)}</h2>");
        _sectionOpen = true;
    }

    private void CloseSection()
    {
        if (_sectionOpen)
            Line("</section>");
        _sectionOpen = false;
    }

    private static string Title(string id) => id switch
    {
        "input" => "Input and run",
        "pca" => "PCA",
        "kmeans" => "K-means",
        "spectral" => "Spectral clustering",
        "comparison" => "K-means against spectral",
        "labels" => "Against the true classes",
        _ => id,
    };

    private void Line(string text) => _html.Append(text).Append('\n');

    private static string E(string text) => WebUtility.HtmlEncode(text);
    private static string F(double value) => value.ToString("F3", Inv);
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
}
