using GalaxyActors.Core.Graph;
using GalaxyActors.Core.Linalg;

namespace GalaxyActors.Core.Projection;

/// <summary>
/// How well a 2-D map keeps local neighbourhoods: for each (sampled) point, the fraction of its k nearest neighbours
/// in the input space that are also among its k nearest on the map (1 = every neighbourhood kept; a random map of N
/// points scores about k/N). The figure the map's benchmark compares Barnes–Hut, FFT and subsampled maps by.
/// </summary>
public static class NeighbourPreservation
{
    /// <param name="points">The points the map was made from (N rows).</param>
    /// <param name="map">N × 2 row-major map coordinates.</param>
    /// <param name="sample">Rows scored (all when ≥ N); each is searched exactly against all N in both spaces.</param>
    public static double Measure(RowMatrix points, float[] map, int k = 10, int sample = 5000, int seed = 0)
    {
        var n = points.Rows;
        if (map.Length != 2 * n) throw new ArgumentException($"The map holds {map.Length / 2} points, the input {n}.", nameof(map));
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (n <= k) throw new ArgumentException($"{n} points cannot each have {k} neighbours.", nameof(points));
        var rows = RowSample.Ascending(n, sample, seed);
        var inInput = ExactKnn.NeighboursOfRows(points, rows, k);
        var inMap = ExactKnn.NeighboursOfRows(Centred(map, n), rows, k);
        long kept = 0;
        for (var i = 0; i < rows.Length; i++)
        {
            var onMap = inMap.AsSpan(i * k, k);
            foreach (var id in inInput.AsSpan(i * k, k))
                if (onMap.Contains(id)) kept++;
        }
        return (double)kept / ((long)rows.Length * k);
    }

    // The exact search screens in float32 with ‖r‖² − 2q·r, which loses precision far from the origin: the map is
    // moved to its mean first.
    private static RowMatrix Centred(float[] map, int n)
    {
        double meanX = 0, meanY = 0;
        for (var i = 0; i < n; i++) { meanX += map[2 * i]; meanY += map[2 * i + 1]; }
        meanX /= n;
        meanY /= n;
        var centred = new RowMatrix(n, 2);
        for (var i = 0; i < n; i++)
        {
            centred.Data[2 * i] = (float)(map[2 * i] - meanX);
            centred.Data[2 * i + 1] = (float)(map[2 * i + 1] - meanY);
        }
        return centred;
    }
}
