using GalaxyActors.Core.Linalg;

namespace GalaxyActors.Core.Graph;

/// <summary>
/// How much of the exact k-nearest-neighbour graph an approximate one found: recall@k on a random sample of rows, each
/// searched exactly against all points (<see cref="ExactKnn.SearchBlock"/>), so the check costs sample × N distances.
/// </summary>
public static class KnnRecall
{
    /// <summary>The fraction of the sampled rows' exact k nearest (self excluded) that <paramref name="approximate"/> lists.</summary>
    public static double Estimate(RowMatrix points, KnnResult approximate, int sample, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sample, 1);
        int n = points.Rows, k = approximate.K;
        if (approximate.Count != n) throw new ArgumentException($"The graph has {approximate.Count} rows, the points {n}.", nameof(approximate));
        var rows = RowSample.Ascending(n, sample, seed);
        var exact = ExactKnn.NeighboursOfRows(points, rows, k);
        long found = 0, wanted = 0;
        for (int i = 0; i < rows.Length; i++)
        {
            var listed = approximate.NeighboursOf(rows[i]);
            foreach (var id in exact.AsSpan(i * k, k))
            {
                if (id == KnnTopK.Empty) continue;
                wanted++;
                if (listed.Contains(id)) found++;
            }
        }
        return wanted == 0 ? 1 : (double)found / wanted;
    }
}
