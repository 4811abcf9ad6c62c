using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace GalaxyActors.Core.Clustering;

/// <summary>
/// The k-means kernel a slice runs: assign each row of a block to its nearest centroid in every
/// centroid set and add it to that set's sums, counts and SSE. Distances come from
/// ‖x‖² − 2 x·c + ‖c‖², the x·c for all centroids of all sets from one register-blocked GEMM
/// (<see cref="GalaxyActors.Core.Linalg.PackedColumns"/>), so K = 1..14 × 10 restarts cost one
/// pass over the rows. Sequential and deterministic: parallelism belongs to the caller, over slices.
/// </summary>
public static class KMeansAssignment
{
    private const int TileRows = 64;

    /// <summary>Adds <paramref name="count"/> rows to <paramref name="into"/> (sums, counts, SSE from the expanded distance).</summary>
    public static void Accumulate(ReadOnlySpan<float> rows, int count, CentroidSets sets, KMeansPartial into) =>
        Run(rows, count, sets, into, labels: default, exactSse: false);

    /// <summary>
    /// The final pass: like <see cref="Accumulate"/>, but also writes each row's nearest centroid per
    /// set into labels[set × count + row] and computes the SSE exactly as Σ(x − c)² in double.
    /// </summary>
    public static void Label(ReadOnlySpan<float> rows, int count, CentroidSets sets, KMeansPartial into, Span<int> labels)
    {
        if (labels.Length < (long)count * sets.SetCount) throw new ArgumentException("Labels buffer too small.", nameof(labels));
        Run(rows, count, sets, into, labels, exactSse: true);
    }

    private static void Run(ReadOnlySpan<float> rows, int count, CentroidSets sets, KMeansPartial into, Span<int> labels, bool exactSse)
    {
        var d = sets.Dimensions;
        if (rows.Length < (long)count * d) throw new ArgumentException($"Expected {count}×{d} values.", nameof(rows));
        if (into.Counts.Length != sets.TotalCentroids || into.Sse.Length != sets.SetCount || into.Dimensions != d)
            throw new ArgumentException("The partial does not match the centroid sets.", nameof(into));
        var packed = sets.Packed;
        var stride = packed.Stride;
        var distances = ArrayPool<float>.Shared.Rent(TileRows * stride);
        var rowDouble = ArrayPool<double>.Shared.Rent(d);
        var setCount = sets.SetCount;
        var sizes = sets.SetSizes;
        var offsets = sets.Offsets;
        var sums = into.Sums;
        var countsOut = into.Counts;
        var sse = into.Sse;
        try
        {
            for (var start = 0; start < count; start += TileRows)
            {
                var n = Math.Min(TileRows, count - start);
                packed.MultiplyRows(rows.Slice(start * d, n * d), n, distances, -2f, addNorms: true);
                for (var r = 0; r < n; r++)
                {
                    var x = rows.Slice((start + r) * d, d);
                    double norm = 0;
                    for (var j = 0; j < d; j++)
                    {
                        double v = x[j];
                        rowDouble[j] = v;
                        norm += v * v;
                    }
                    var dist = distances.AsSpan(r * stride, stride);
                    for (var s = 0; s < setCount; s++)
                    {
                        var offset = offsets[s];
                        var best = ArgMin(dist.Slice(offset, sizes[s]), out var bestValue);
                        var centroid = offset + best;
                        countsOut[centroid]++;
                        AddTo(sums.AsSpan(centroid * d, d), rowDouble.AsSpan(0, d));
                        if (exactSse)
                        {
                            sse[s] += SquaredDistance(x, sets.Centroids.AsSpan(centroid * d, d));
                            labels[s * count + start + r] = best;
                        }
                        else
                        {
                            sse[s] += Math.Max(0.0, norm + bestValue);
                        }
                    }
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(distances);
            ArrayPool<double>.Shared.Return(rowDouble);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ArgMin(ReadOnlySpan<float> values, out float min)
    {
        // First index of the smallest value: ties go to the lower centroid, as in scikit-learn.
        var best = 0;
        min = values[0];
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] < min) { min = values[i]; best = i; }
        }
        return best;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddTo(Span<double> into, ReadOnlySpan<double> values)
    {
        ref var a = ref into[0];
        ref var b = ref Unsafe.AsRef(in values[0]);
        var i = 0;
        for (; i + 4 <= into.Length; i += 4)
            (Vector256.LoadUnsafe(ref a, (nuint)i) + Vector256.LoadUnsafe(ref b, (nuint)i)).StoreUnsafe(ref a, (nuint)i);
        for (; i < into.Length; i++) Unsafe.Add(ref a, i) += Unsafe.Add(ref b, i);
    }

    /// <summary>‖a − b‖² accumulated in double.</summary>
    public static double SquaredDistance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double sum = 0;
        for (var j = 0; j < a.Length; j++)
        {
            double diff = (double)a[j] - b[j];
            sum += diff * diff;
        }
        return sum;
    }
}
