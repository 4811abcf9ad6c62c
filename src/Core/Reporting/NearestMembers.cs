using GalaxyActors.Core.Linalg;

namespace GalaxyActors.Core.Reporting;

/// <summary>
/// The members of each cluster nearest its centre (Euclidean, in the reduced PCA space): the
/// galaxies that show what a cluster "is", for the montages.
/// </summary>
public static class NearestMembers
{
    /// <summary>Per cluster 0..k−1: the centre given (K-means centroids, k × d row-major).</summary>
    public static int[][] ToCentroids(RowMatrix points, int[] clusters, float[] centroids, int k, int count)
    {
        if (centroids.Length != k * points.Columns)
            throw new ArgumentException($"{centroids.Length} centroid values for {k} clusters of dimension {points.Columns}.", nameof(centroids));
        var result = new int[k][];
        for (var c = 0; c < k; c++)
            result[c] = Nearest(points, clusters, c, centroids.AsSpan(c * points.Columns, points.Columns), count);
        return result;
    }

    /// <summary>Per cluster 0..k−1: the centre is the mean of the cluster's own points (spectral clusters have no centroid in this space).</summary>
    public static int[][] ToMeans(RowMatrix points, int[] clusters, int k, int count)
    {
        var d = points.Columns;
        var sums = new double[k * d];
        var sizes = new long[k];
        for (var i = 0; i < points.Rows; i++)
        {
            var c = clusters[i];
            if ((uint)c >= (uint)k) continue;
            sizes[c]++;
            var row = points.Row(i);
            for (var j = 0; j < d; j++)
                sums[c * d + j] += row[j];
        }
        var result = new int[k][];
        var centre = new float[d];
        for (var c = 0; c < k; c++)
        {
            for (var j = 0; j < d; j++)
                centre[j] = sizes[c] == 0 ? 0 : (float)(sums[c * d + j] / sizes[c]);
            result[c] = Nearest(points, clusters, c, centre, count);
        }
        return result;
    }

    private static int[] Nearest(RowMatrix points, int[] clusters, int cluster, ReadOnlySpan<float> centre, int count)
    {
        var candidates = new List<(double Distance, int Index)>();
        for (var i = 0; i < points.Rows; i++)
        {
            if (clusters[i] != cluster) continue;
            var row = points.Row(i);
            double distance = 0;
            for (var j = 0; j < row.Length; j++)
            {
                double delta = row[j] - centre[j];
                distance += delta * delta;
            }
            candidates.Add((distance, i));
        }
        // Index breaks ties, so the montage never depends on sort stability.
        candidates.Sort((a, b) => a.Distance != b.Distance ? a.Distance.CompareTo(b.Distance) : a.Index.CompareTo(b.Index));
        var take = Math.Min(count, candidates.Count);
        var nearest = new int[take];
        for (var t = 0; t < take; t++)
            nearest[t] = candidates[t].Index;
        return nearest;
    }
}
