using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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
            Span<float> four = stackalloc float[4];
            for (var candidateStart = 0; candidateStart < n; candidateStart += CandidateBlock)
            {
                var candidateCount = Math.Min(CandidateBlock, n - candidateStart);
                for (var q = 0; q < count; q++)
                {
                    var i = start + q;
                    var query = points.Row(i);
                    var heapIndices = indices.AsSpan(i * k, k);
                    var heapDistances = distances.AsSpan(i * k, k);
                    var c = 0;
                    for (; c + 4 <= candidateCount; c += 4)
                    {
                        var j = candidateStart + c;
                        DotFour(query, points.Data, j * points.Columns, points.Columns, four);
                        for (var t = 0; t < 4; t++)
                            Offer(i, j + t, MathF.Max(0f, norms[i] + norms[j + t] - 2f * four[t]), heapIndices, heapDistances, ref heapSizes[q], k);
                    }
                    for (; c < candidateCount; c++)
                    {
                        var j = candidateStart + c;
                        Offer(i, j, MathF.Max(0f, norms[i] + norms[j] - 2f * TensorPrimitives.Dot(query, points.Row(j))), heapIndices, heapDistances, ref heapSizes[q], k);
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

    private static void Offer(int i, int j, float distance, Span<int> heapIndices, Span<float> heapDistances, ref int heapSize, int k)
    {
        if (j == i)
            return;
        if (heapSize < k)
            HeapPush(heapIndices, heapDistances, ref heapSize, j, distance);
        else if (distance < heapDistances[0] || (distance == heapDistances[0] && j < heapIndices[0]))
            HeapReplaceTop(heapIndices, heapDistances, k, j, distance);
    }

    /// <summary>Dot products of one query with four consecutive rows starting at
    /// <paramref name="offset"/>: each query vector is loaded once for four candidates, which is what
    /// makes the brute force run near the machine's multiply-add rate.</summary>
    private static void DotFour(ReadOnlySpan<float> query, float[] data, int offset, int columns, Span<float> result)
    {
        ref var q = ref MemoryMarshal.GetReference(query);
        ref var r0 = ref data[offset];
        ref var r1 = ref Unsafe.Add(ref r0, columns);
        ref var r2 = ref Unsafe.Add(ref r1, columns);
        ref var r3 = ref Unsafe.Add(ref r2, columns);
        Vector<float> a0 = default, a1 = default, a2 = default, a3 = default;
        var width = Vector<float>.Count;
        var c = 0;
        for (; c + width <= columns; c += width)
        {
            var at = (nuint)c;
            var vq = Vector.LoadUnsafe(ref q, at);
            a0 += vq * Vector.LoadUnsafe(ref r0, at);
            a1 += vq * Vector.LoadUnsafe(ref r1, at);
            a2 += vq * Vector.LoadUnsafe(ref r2, at);
            a3 += vq * Vector.LoadUnsafe(ref r3, at);
        }
        float s0 = Vector.Sum(a0), s1 = Vector.Sum(a1), s2 = Vector.Sum(a2), s3 = Vector.Sum(a3);
        for (; c < columns; c++)
        {
            var value = Unsafe.Add(ref q, c);
            s0 += value * Unsafe.Add(ref r0, c);
            s1 += value * Unsafe.Add(ref r1, c);
            s2 += value * Unsafe.Add(ref r2, c);
            s3 += value * Unsafe.Add(ref r3, c);
        }
        result[0] = s0;
        result[1] = s1;
        result[2] = s2;
        result[3] = s3;
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
