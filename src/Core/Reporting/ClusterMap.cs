using GalaxyActors.Core.Hdf5;
using GalaxyActors.Core.Linalg;
using GalaxyActors.Core.Projection;
using GalaxyActors.Core.Results;

namespace GalaxyActors.Core.Reporting;

/// <summary>A job's 2-D map: its coordinates for features.h5, and how it was made for summary.json.</summary>
public sealed record ClusterMapResult(ExtraDataset Coordinates, MapSummary Summary);

/// <summary>
/// The 2-D map behind embedding.png, computed once when the job writes its results and stored in
/// features.h5 (<c>embedding/tsne</c> or <c>embedding/pca</c>, float32 [N,2]), so that
/// <c>galaxy report</c> redraws it without recomputing.
/// </summary>
public static class ClusterMap
{
    public const string TSneDataset = "embedding/tsne";
    public const string PcaDataset = "embedding/pca";

    /// <summary>t-SNE needs a few times the perplexity in points; below this it would be mostly noise.</summary>
    public const int MinimumTSnePoints = 10;

    /// <summary>
    /// The most points t-SNE embeds; above it a random sample this large is embedded and the rest placed beside their
    /// nearest sampled neighbours. A map drawn on a 1,000-pixel plot shows no more at 10⁶ than at 5·10⁴, and the
    /// map's time grows with N (FFT t-SNE: about 11 s at 21,785 points on 2 cores, 36 s at 100,000).
    /// </summary>
    public const int TSneSampleSize = 100_000;

    /// <summary>Embedded neighbours whose median position a placed point takes (the neighbourhood size the map's
    /// preservation figure is measured at).</summary>
    public const int PlacementNeighbours = 10;

    /// <summary>The map of <paramref name="reduced"/>.</summary>
    /// <param name="sampleSize">The most points t-SNE embeds (<see cref="TSneSampleSize"/>; smaller in tests).</param>
    public static ClusterMapResult Compute(RowMatrix reduced, MapMethod method, int seed, CancellationToken cancellation = default,
        int sampleSize = TSneSampleSize)
    {
        var n = reduced.Rows;
        if (method != MapMethod.TSne || n < MinimumTSnePoints)
            return new(ExtraDataset.Of(PcaDataset, Pca2D.Embed(reduced), n, 2), new MapSummary { Method = "pca", Embedded = n });
        if (n <= sampleSize)
            return new(ExtraDataset.Of(TSneDataset, EmbedAll(reduced, seed, cancellation), n, 2),
                new MapSummary { Method = "tsne", Embedded = n, Repulsion = RepulsionName(n) });

        var sample = RowSample.Ascending(n, sampleSize, seed);
        var sampleMap = EmbedAll(RowSample.Gather(reduced, sample), seed, cancellation);
        var map = MapPlacement.PlaceByMedian(reduced, sample, sampleMap, PlacementNeighbours, cancellation);
        return new(ExtraDataset.Of(TSneDataset, map, n, 2), new MapSummary
        {
            Method = "tsne",
            Embedded = sample.Length,
            Placed = n - sample.Length,
            PlacementNeighbours = PlacementNeighbours,
            Repulsion = RepulsionName(sample.Length),
        });
    }

    private static float[] EmbedAll(RowMatrix points, int seed, CancellationToken cancellation)
    {
        // scikit-learn's default perplexity, lowered for small inputs where it must stay below N.
        var perplexity = Math.Min(30.0, (points.Rows - 1) / 3.0);
        return TSne.Embed(points, new TSneOptions { Perplexity = perplexity, Seed = seed }, cancellation);
    }

    private static string RepulsionName(int embedded) =>
        new TSneOptions().RepulsionFor(embedded) == TSneRepulsion.Fft ? "fft" : "barnes-hut";

    /// <summary>The axis name for a stored map's dataset.</summary>
    public static string AxisName(string dataset) => dataset == TSneDataset ? "t-SNE" : "PC";
}
