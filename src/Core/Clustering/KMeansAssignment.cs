using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace GalaxyActors.Core.Clustering;

/// <summary>
/// The k-means kernel a slice runs: assign each row of a block to its nearest centroid in every
/// centroid set and add it to that set's sums, counts and SSE. Distances come from
/// ‖x‖² − 2 x·c + ‖c‖², the x·c for all centroids of all sets from one register-blocked GEMM
/// (<see cref="CentroidDistanceTile"/>), so K = 1..14 × 10 restarts cost one pass over the rows. Sequential and deterministic: parallelism belongs to the caller, over slices.
/// </summary>
public static class KMeansAssignment
{
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
        const int tileRows = CentroidDistanceTile.Rows;
        var distances = ArrayPool<float>.Shared.Rent(sets.PaddedCount * tileRows);
        var rowsT = ArrayPool<float>.Shared.Rent(d * tileRows);
        // Sums are gathered in float for this call (one slice, a few hundred rows: float keeps ~6
        // digits there, ample for a centroid) at half the memory traffic of double, then added once
        // into the double partial, which is what slices merge.
        // Rows and sums use a stride padded to 8 floats so each add is whole vectors.
        var dp = (d + 7) / 8 * 8;
        var floatSums = ArrayPool<float>.Shared.Rent(sets.TotalCentroids * dp);
        Array.Clear(floatSums, 0, sets.TotalCentroids * dp);
        var tile = ArrayPool<float>.Shared.Rent(tileRows * dp);
        Array.Clear(tile, 0, tileRows * dp);
        Span<double> norms = stackalloc double[tileRows];
        Span<int> nearest = stackalloc int[tileRows];
        Span<float> nearestValue = stackalloc float[tileRows];
        var setCount = sets.SetCount;
        var sizes = sets.SetSizes;
        var offsets = sets.Offsets;
        var sums = into.Sums;
        var countsOut = into.Counts;
        var sse = into.Sse;
        try
        {
            for (var start = 0; start < count; start += tileRows)
            {
                var n = Math.Min(tileRows, count - start);
                if (n < tileRows) Array.Clear(rowsT, 0, d * tileRows);
                for (var r = 0; r < n; r++)
                {
                    var x = rows.Slice((start + r) * d, d);
                    x.CopyTo(tile.AsSpan(r * dp, d));
                    double norm = 0;
                    for (var j = 0; j < d; j++)
                    {
                        norm += (double)x[j] * x[j];
                        rowsT[j * tileRows + r] = x[j];
                    }
                    norms[r] = norm;
                }
                CentroidDistanceTile.Compute(rowsT, d, sets.PaddedCentroids, sets.SquaredNorms, sets.PaddedCount, distances);
                // Set by set over the tile's rows, so one set's sums stay in L1 while it is updated.
                for (var s = 0; s < setCount; s++)
                {
                    var offset = offsets[s];
                    var k = sizes[s];
                    NearestInSet(ref distances[offset * tileRows], k, nearest, nearestValue);
                    double setSse = 0;
                    for (var r = 0; r < n; r++)
                    {
                        var best = nearest[r];
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
                            var e = norms[r] + nearestValue[r];
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
            ArrayPool<float>.Shared.Return(rowsT);
            ArrayPool<float>.Shared.Return(floatSums);
            ArrayPool<float>.Shared.Return(tile);
        }
    }

    /// <summary>
    /// For each of the 64 rows of a tile, the first index of the smallest of the set's k values
    /// (values[c × 64 + r]; ties go to the lower centroid, as in scikit-learn) and that value:
    /// 8 rows per vector, one compare-and-select per centroid, no branches.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void NearestInSet(ref float values, int k, Span<int> nearest, Span<float> nearestValue)
    {
        const int tileRows = CentroidDistanceTile.Rows;
        ref var index = ref nearest[0];
        ref var value = ref nearestValue[0];
        for (var r = 0; r < tileRows; r += 8)
        {
            var best = Vector256.LoadUnsafe(ref values, (nuint)r);
            var bestIndex = Vector256<int>.Zero;
            for (var c = 1; c < k; c++)
            {
                var v = Vector256.LoadUnsafe(ref values, (nuint)(c * tileRows + r));
                // Strictly smaller only: an equal later centroid never replaces an earlier one.
                var smaller = Vector256.LessThan(v, best);
                best = Vector256.ConditionalSelect(smaller, v, best);
                bestIndex = Vector256.ConditionalSelect(smaller.AsInt32(), Vector256.Create(c), bestIndex);
            }
            best.StoreUnsafe(ref value, (nuint)r);
            bestIndex.StoreUnsafe(ref index, (nuint)r);
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
