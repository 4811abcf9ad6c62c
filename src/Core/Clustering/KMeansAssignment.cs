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
        var distances = ArrayPool<float>.Shared.Rent(TileRows * stride + 8); // +8: ArgMin reads whole vectors
        // Sums are gathered in float for this call (one slice, a few hundred rows: float keeps ~6
        // digits there, ample for a centroid) at half the memory traffic of double, then added once
        // into the double partial, which is what slices merge.
        // Rows and sums use a stride padded to 8 floats so each add is whole vectors.
        var dp = (d + 7) / 8 * 8;
        var floatSums = ArrayPool<float>.Shared.Rent(sets.TotalCentroids * dp);
        Array.Clear(floatSums, 0, sets.TotalCentroids * dp);
        var tile = ArrayPool<float>.Shared.Rent(TileRows * dp);
        Array.Clear(tile, 0, TileRows * dp);
        Span<double> norms = stackalloc double[TileRows];
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
                    x.CopyTo(tile.AsSpan(r * dp, d));
                    double norm = 0;
                    for (var j = 0; j < d; j++) norm += (double)x[j] * x[j];
                    norms[r] = norm;
                }
                // Set by set over the tile's rows, so one set's sums stay in L1 while it is updated.
                for (var s = 0; s < setCount; s++)
                {
                    var offset = offsets[s];
                    var k = sizes[s];
                    double setSse = 0;
                    for (var r = 0; r < n; r++)
                    {
                        var best = ArgMin(ref distances[r * stride + offset], k, out var bestValue);
                        var centroid = offset + best;
                        countsOut[centroid]++;
                        AddTo(floatSums.AsSpan(centroid * dp, dp), tile.AsSpan(r * dp, dp));
                        if (exactSse)
                        {
                            setSse += SquaredDistance(rows.Slice((start + r) * d, d), sets.Centroids.AsSpan(centroid * d, d));
                            labels[s * count + start + r] = best;
                        }
                        else
                        {
                            var e = norms[r] + bestValue;
                            setSse += e > 0 ? e : 0;
                        }
                    }
                    sse[s] += setSse;
                }
            }
            for (var c = 0; c < sets.TotalCentroids; c++)
            for (var j = 0; j < d; j++)
                sums[c * d + j] += floatSums[c * dp + j];
        }
        finally
        {
            ArrayPool<float>.Shared.Return(distances);
            ArrayPool<float>.Shared.Return(floatSums);
            ArrayPool<float>.Shared.Return(tile);
        }
    }

    /// <summary>
    /// First index of the smallest of k values (ties go to the lower centroid, as in scikit-learn),
    /// branch-free: a vector min, then the first lane equal to it. A scalar compare loop
    /// mispredicts about ln k times per row and set, which costs more than the distances.
    /// Reads up to 7 floats past the k values (the caller's buffer is padded for it).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ArgMin(ref float values, int k, out float min)
    {
        if (k == 1) { min = values; return 0; }
        var infinity = Vector256.Create(float.PositiveInfinity);
        var lanes = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
        var m = infinity;
        for (var i = 0; i < k; i += 8)
        {
            var v = Vector256.LoadUnsafe(ref values, (nuint)i);
            var valid = Vector256.LessThan(lanes, Vector256.Create(k - i)).AsSingle();
            m = Vector256.MinNative(m, Vector256.ConditionalSelect(valid, v, infinity));
        }
        m = Vector256.MinNative(m, Vector256.Shuffle(m, Vector256.Create(4, 5, 6, 7, 0, 1, 2, 3)));
        m = Vector256.MinNative(m, Vector256.Shuffle(m, Vector256.Create(2, 3, 0, 1, 6, 7, 4, 5)));
        m = Vector256.MinNative(m, Vector256.Shuffle(m, Vector256.Create(1, 0, 3, 2, 5, 4, 7, 6)));
        min = m.ToScalar();
        for (var i = 0; ; i += 8)
        {
            var bits = Vector256.Equals(Vector256.LoadUnsafe(ref values, (nuint)i), m).ExtractMostSignificantBits();
            if (bits != 0)
            {
                var index = i + System.Numerics.BitOperations.TrailingZeroCount(bits);
                if (index < k) return index;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddTo(Span<float> into, ReadOnlySpan<float> values)
    {
        ref var a = ref into[0];
        ref var b = ref Unsafe.AsRef(in values[0]);
        // Lengths are multiples of 8 (padded).
        for (var i = 0; i < into.Length; i += 8)
            (Vector256.LoadUnsafe(ref a, (nuint)i) + Vector256.LoadUnsafe(ref b, (nuint)i)).StoreUnsafe(ref a, (nuint)i);
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
