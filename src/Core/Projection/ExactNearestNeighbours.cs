using System.Numerics.Tensors;
using GalaxyActors.Core.Linalg;

namespace GalaxyActors.Core.Projection;

/// <summary>
/// Brute-force exact k nearest neighbours by squared Euclidean distance, for t-SNE's input
/// affinities only (the project's general kNN lives in Graph). Distances come from
/// |a|² + |b|² − 2a·b with vectorised dot products, candidates scanned in blocks that stay in cache.
/// Each query keeps a bounded max-heap, so memory is N×k, not N².
/// </summary>
internal static class ExactNearestNeighbours
{
    private const int QueryBlock = 32;
    private const int CandidateBlock = 512;

    /// <summary>Returns, for each point, its k nearest other points (indices and squared distances,
    /// nearest first, ties broken by index), as N×k row-major arrays.</summary>
    public static (int[] Indices, float[] SquaredDistances) Find(RowMatrix points, int k)
    {
        var n = points.Rows;
        if (k < 1 || k > n - 1)
            throw new ArgumentOutOfRangeException(nameof(k), k, $"Need 1 ≤ k ≤ N−1 = {n - 1}.");
        var norms = new float[n];
        for (var i = 0; i < n; i++)
        {
            var row = points.Row(i);
            norms[i] = TensorPrimitives.Dot(row, row);
        }

        var indices = new int[n * k];
        var distances = new float[n * k];
        var blocks = (n + QueryBlock - 1) / QueryBlock;
        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };
        Parallel.For(0, blocks, options, block =>
        {
            var start = block * QueryBlock;
            var count = Math.Min(QueryBlock, n - start);
            var heapSizes = new int[count];
            for (var candidateStart = 0; candidateStart < n; candidateStart += CandidateBlock)
            {
                var candidateCount = Math.Min(CandidateBlock, n - candidateStart);
                for (var q = 0; q < count; q++)
                {
                    var i = start + q;
                    var query = points.Row(i);
                    var heapIndices = indices.AsSpan(i * k, k);
                    var heapDistances = distances.AsSpan(i * k, k);
                    for (var c = 0; c < candidateCount; c++)
                    {
                        var j = candidateStart + c;
                        if (j == i)
                            continue;
                        var d = MathF.Max(0f, norms[i] + norms[j] - 2f * TensorPrimitives.Dot(query, points.Row(j)));
                        if (heapSizes[q] < k)
                            HeapPush(heapIndices, heapDistances, ref heapSizes[q], j, d);
                        else if (d < heapDistances[0] || (d == heapDistances[0] && j < heapIndices[0]))
                            HeapReplaceTop(heapIndices, heapDistances, k, j, d);
                    }
                }
            }
            for (var q = 0; q < count; q++)
            {
                var i = start + q;
                SortByDistance(indices.AsSpan(i * k, k), distances.AsSpan(i * k, k));
            }
        });
        return (indices, distances);
    }

    // A max-heap on (distance, index): the root is the worst of the k kept so far.
    private static bool Worse(float da, int ia, float db, int ib) => da > db || (da == db && ia > ib);

    private static void HeapPush(Span<int> indices, Span<float> distances, ref int size, int index, float distance)
    {
        var at = size++;
        while (at > 0)
        {
            var parent = (at - 1) / 2;
            if (!Worse(distance, index, distances[parent], indices[parent]))
                break;
            indices[at] = indices[parent];
            distances[at] = distances[parent];
            at = parent;
        }
        indices[at] = index;
        distances[at] = distance;
    }

    private static void HeapReplaceTop(Span<int> indices, Span<float> distances, int size, int index, float distance)
    {
        var at = 0;
        while (true)
        {
            var child = 2 * at + 1;
            if (child >= size)
                break;
            if (child + 1 < size && Worse(distances[child + 1], indices[child + 1], distances[child], indices[child]))
                child++;
            if (!Worse(distances[child], indices[child], distance, index))
                break;
            indices[at] = indices[child];
            distances[at] = distances[child];
            at = child;
        }
        indices[at] = index;
        distances[at] = distance;
    }

    private static void SortByDistance(Span<int> indices, Span<float> distances)
    {
        // Insertion sort: k is a few dozen.
        for (var a = 1; a < indices.Length; a++)
        {
            var index = indices[a];
            var distance = distances[a];
            var b = a - 1;
            while (b >= 0 && Worse(distances[b], indices[b], distance, index))
            {
                indices[b + 1] = indices[b];
                distances[b + 1] = distances[b];
                b--;
            }
            indices[b + 1] = index;
            distances[b + 1] = distance;
        }
    }
}
