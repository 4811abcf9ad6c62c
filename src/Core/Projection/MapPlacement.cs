using GalaxyActors.Core.Graph;
using GalaxyActors.Core.Linalg;

namespace GalaxyActors.Core.Projection;

/// <summary>
/// Completes a map made of a subsample: every point left out is placed at the coordinate-wise median of the map
/// positions of its k nearest embedded points (openTSNE's "median" placement of new points, without its further
/// optimisation). The embedded points keep their places.
/// </summary>
public static class MapPlacement
{
    /// <param name="points">All N points.</param>
    /// <param name="embeddedRows">The rows of <paramref name="points"/> that were embedded, ascending.</param>
    /// <param name="embeddedMap">Their map, <c>embeddedRows.Length</c> × 2 row-major, in the same order.</param>
    /// <returns>N × 2 row-major: the embedded rows' positions, and the median placements of the rest.</returns>
    public static float[] PlaceByMedian(RowMatrix points, int[] embeddedRows, float[] embeddedMap, int k, CancellationToken cancellation = default)
    {
        var n = points.Rows;
        var embeddedCount = embeddedRows.Length;
        if (embeddedMap.Length != 2 * embeddedCount)
            throw new ArgumentException($"{embeddedCount} embedded rows but a map of {embeddedMap.Length / 2} points.", nameof(embeddedMap));
        k = Math.Min(k, embeddedCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);

        var map = new float[2 * n];
        var isEmbedded = new bool[n];
        for (var e = 0; e < embeddedCount; e++)
        {
            var row = embeddedRows[e];
            isEmbedded[row] = true;
            map[2 * row] = embeddedMap[2 * e];
            map[2 * row + 1] = embeddedMap[2 * e + 1];
        }
        var placed = Enumerable.Range(0, n).Where(row => !isEmbedded[row]).ToArray();
        if (placed.Length == 0) return map;

        // Placed a block at a time so that the padded copy of the queries stays small at 10⁶ points.
        const int block = 65_536;
        var reference = RowSample.Gather(points, embeddedRows);
        var xs = new float[k];
        var ys = new float[k];
        for (var start = 0; start < placed.Length; start += block)
        {
            cancellation.ThrowIfCancellationRequested();
            var rows = placed.AsSpan(start, Math.Min(block, placed.Length - start)).ToArray();
            var queries = RowSample.Gather(points, rows);
            var nearest = new KnnTopK(rows.Length, k);
            ExactKnn.SearchBlock(queries.Data, rows.Length, 0, reference.Data, embeddedCount, 0, points.Columns, k, excludeSelf: false, nearest);
            for (var q = 0; q < rows.Length; q++)
            {
                var ids = nearest.IdsOf(q);
                for (var j = 0; j < k; j++)
                {
                    xs[j] = embeddedMap[2 * ids[j]];
                    ys[j] = embeddedMap[2 * ids[j] + 1];
                }
                map[2 * rows[q]] = Median(xs);
                map[2 * rows[q] + 1] = Median(ys);
            }
        }
        return map;
    }

    /// <summary>The middle value; the mean of the two middle ones for an even count (as numpy's median). Sorts in place.</summary>
    private static float Median(float[] values)
    {
        Array.Sort(values);
        var middle = values.Length / 2;
        return values.Length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
