using GalaxyActors.Core.Linalg;
using GalaxyActors.Core.Projection;
using GalaxyActors.Core.Reporting;
using GalaxyActors.Core.Results;

namespace GalaxyActors.Core.Tests.Projection;

/// <summary>The map's quality figure, the placement of points left out of a subsampled map, and the subsampled map itself.</summary>
public class MapSamplingTests
{
    private static float[] OnXAxis(params float[] xs) => xs.SelectMany(x => new[] { x, 0f }).ToArray();

    [Fact]
    public void Neighbour_preservation_counts_the_input_neighbours_kept_on_the_map()
    {
        // On a line at 0, 1, 3, 6, 10 each point's nearest is unique: 0→1, 1→0, 3→1, 6→3, 10→6. The map swaps the
        // first and last points (positions 10, 1, 3, 6, 0), where the nearest are 0→6, 1→10, 3→1, 6→3, 10→1: the
        // nearest of points 2 and 3 are kept, those of 0, 1 and 4 lost: 2 of 5.
        var line = new RowMatrix(5, 1, [0, 1, 3, 6, 10]);
        Assert.Equal(0.4, NeighbourPreservation.Measure(line, OnXAxis(10, 1, 3, 6, 0), k: 1), 12);
        Assert.Equal(1.0, NeighbourPreservation.Measure(line, OnXAxis(0, 1, 3, 6, 10), k: 1), 12);
    }

    [Fact]
    public void A_map_that_is_the_points_keeps_every_neighbourhood_and_a_shuffled_one_almost_none()
    {
        var random = new Random(3);
        const int n = 2000;
        var plane = new RowMatrix(n, 2);
        for (var c = 0; c < plane.Data.Length; c++) plane.Data[c] = (float)(100 + 10 * random.NextDouble());
        // Far from the origin on purpose: the measure must centre before its float32 screen.
        Assert.Equal(1.0, NeighbourPreservation.Measure(plane, plane.Data, k: 10, sample: n));
        var shuffled = (float[])plane.Data.Clone();
        var order = Enumerable.Range(0, n).OrderBy(_ => random.Next()).ToArray();
        for (var i = 0; i < n; i++) (shuffled[2 * i], shuffled[2 * i + 1]) = (plane.Data[2 * order[i]], plane.Data[2 * order[i] + 1]);
        // A random map keeps about k / N = 0.005 of the neighbours.
        Assert.InRange(NeighbourPreservation.Measure(plane, shuffled, k: 10, sample: n), 0, 0.02);
    }

    [Fact]
    public void A_left_out_point_takes_the_median_map_position_of_its_nearest_embedded_points()
    {
        // Embedded rows 0, 1, 2, 4 at 0, 1, 2, 50 on a line; rows 3 (at 1.2) and 5 (at 49) are placed with k = 3:
        // row 3's nearest embedded are rows 1, 2, 0, whose map x are 7, 9, 1 and y 5, 6, 30 → median (7, 6);
        // row 5's are rows 4, 2, 1 → x 100, 9, 7 → 9, and y 100, 6, 5 → 6.
        var points = new RowMatrix(6, 1, [0, 1, 2, 1.2f, 50, 49]);
        int[] embedded = [0, 1, 2, 4];
        float[] embeddedMap = [1, 30, 7, 5, 9, 6, 100, 100];
        var map = MapPlacement.PlaceByMedian(points, embedded, embeddedMap, k: 3);
        Assert.Equal<float>([1, 30, 7, 5, 9, 6, 7, 6, 100, 100, 9, 6], map);
    }

    [Fact]
    public void A_large_map_embeds_a_sample_and_places_the_rest_inside_their_own_blob()
    {
        var points = TSneTests.Blobs(seed: 2);
        var map = ClusterMap.Compute(points, MapMethod.TSne, seed: 7, sampleSize: 400);
        Assert.Equal(new MapSummary { Method = "tsne", Embedded = 400, Placed = 600, PlacementNeighbours = ClusterMap.PlacementNeighbours, Repulsion = "barnes-hut" }, map.Summary);
        var coordinates = (float[])map.Coordinates.Data;

        // The sample's positions are the t-SNE of the sample alone, untouched by the placement.
        var sample = RowSample.Ascending(points.Rows, 400, seed: 7);
        var sampleMap = TSne.Embed(RowSample.Gather(points, sample), new TSneOptions { Seed = 7 });
        for (var e = 0; e < sample.Length; e++)
        {
            Assert.Equal(sampleMap[2 * e], coordinates[2 * sample[e]]);
            Assert.Equal(sampleMap[2 * e + 1], coordinates[2 * sample[e] + 1]);
        }
        // Each placed point lands among its own blob: its nearest embedded point on the map is of the same blob.
        var isSampled = new HashSet<int>(sample);
        var misplaced = 0;
        for (var i = 0; i < points.Rows; i++)
        {
            if (isSampled.Contains(i)) continue;
            var nearest = sample.MinBy(s => Math.Pow(coordinates[2 * s] - coordinates[2 * i], 2) + Math.Pow(coordinates[2 * s + 1] - coordinates[2 * i + 1], 2));
            if (nearest / TSneTests.PerBlob != i / TSneTests.PerBlob) misplaced++;
        }
        Assert.Equal(0, misplaced);
        // Same options, same map.
        Assert.Equal(coordinates, (float[])ClusterMap.Compute(points, MapMethod.TSne, seed: 7, sampleSize: 400).Coordinates.Data);
    }

    [Fact]
    public void Small_maps_embed_every_point()
    {
        var map = ClusterMap.Compute(TSneTests.Blobs(seed: 2), MapMethod.TSne, seed: 7);
        Assert.Equal(new MapSummary { Method = "tsne", Embedded = 1000, Repulsion = "barnes-hut" }, map.Summary);
        Assert.Equal(new MapSummary { Method = "pca", Embedded = 1000 }, ClusterMap.Compute(TSneTests.Blobs(seed: 2), MapMethod.Pca, seed: 7).Summary);
    }
}
