using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.InteropServices;

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
        OnTheFly(rows, count, sets, into, labels: default, exactSse: false);

    /// <summary>As above, on rows laid out beforehand (a slice's rows, assigned once per pass).</summary>
    public static void Accumulate(KMeansRows rows, CentroidSets sets, KMeansPartial into) =>
        Run(rows.Rows, rows.Norms, rows.Count, sets, into, labels: default, exactSse: false);

    /// <summary>
    /// The final pass: like <see cref="Accumulate(ReadOnlySpan{float}, int, CentroidSets, KMeansPartial)"/>, but also writes
    /// each row's nearest centroid per set into labels[set × count + row] and computes the SSE exactly as Σ(x − c)² in double.
    /// </summary>
    public static void Label(ReadOnlySpan<float> rows, int count, CentroidSets sets, KMeansPartial into, Span<int> labels)
    {
        if (labels.Length < (long)count * sets.SetCount) throw new ArgumentException("Labels buffer too small.", nameof(labels));
        OnTheFly(rows, count, sets, into, labels, exactSse: true);
    }

    /// <summary>As above, on rows laid out beforehand.</summary>
    public static void Label(KMeansRows rows, CentroidSets sets, KMeansPartial into, Span<int> labels)
    {
        if (labels.Length < (long)rows.Count * sets.SetCount) throw new ArgumentException("Labels buffer too small.", nameof(labels));
        Run(rows.Rows, rows.Norms, rows.Count, sets, into, labels, exactSse: true);
    }

    /// <summary>Computes the norms for this one call (mini-batch rows, gathered afresh each step).</summary>
    private static void OnTheFly(ReadOnlySpan<float> rows, int count, CentroidSets sets, KMeansPartial into, Span<int> labels, bool exactSse)
    {
        var d = sets.Dimensions;
        if (rows.Length < (long)count * d) throw new ArgumentException($"Expected {count}×{d} values.", nameof(rows));
        var norms = ArrayPool<double>.Shared.Rent(count);
        try
        {
            KMeansRows.SquaredNorms(rows, count, d, norms);
            Run(rows, norms, count, sets, into, labels, exactSse);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(norms);
        }
    }

    // Straight to optimised code (with its helpers inlined): a stage runs once per process.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run(ReadOnlySpan<float> rows, ReadOnlySpan<double> norms, int count,
        CentroidSets sets, KMeansPartial into, Span<int> labels, bool exactSse)
    {
        var d = sets.Dimensions;
        if (into.Counts.Length != sets.TotalCentroids || into.Sse.Length != sets.SetCount || into.Dimensions != d)
            throw new ArgumentException("The partial does not match the centroid sets.", nameof(into));
        const int tileRows = CentroidDistanceTile.Rows;
        // Sums are gathered in float for this call (one slice, a few hundred rows: float keeps ~6
        // digits there, ample for a centroid) at half the memory traffic of double, then added once
        // into the double partial, which is what slices merge.
        // Sums use a stride padded to 8 floats so each add is whole vectors.
        var dp = (d + 7) / 8 * 8;
        var rowsT = ArrayPool<float>.Shared.Rent(d * tileRows);
        var distances = ArrayPool<float>.Shared.Rent(sets.PaddedCount * tileRows);
        var floatSums = ArrayPool<float>.Shared.Rent(sets.TotalCentroids * dp);
        Array.Clear(floatSums, 0, sets.TotalCentroids * dp);
        // Rows per centroid in this call: only centroids that got rows have float sums to add.
        var local = ArrayPool<int>.Shared.Rent(sets.TotalCentroids);
        Array.Clear(local, 0, sets.TotalCentroids);
        Span<int> nearest = stackalloc int[tileRows];
        Span<float> nearestValue = stackalloc float[tileRows];
        var setCount = sets.SetCount;
        var sizes = sets.SetSizes;
        var offsets = sets.Offsets;
        var sums = into.Sums;
        var countsOut = into.Counts;
        var sse = into.Sse;
        if (rows.Length < (long)count * d) throw new ArgumentException($"Expected {count}×{d} values.", nameof(rows));
        ref var rowsRef = ref MemoryMarshal.GetReference(rows);
        try
        {
            for (var start = 0; start < count; start += tileRows)
            {
                var n = Math.Min(tileRows, count - start);
                // The tile transposed in cache for the kernel; rows past n zero (the kernel reads whole 16-row blocks).
                if (n < tileRows) Array.Clear(rowsT, 0, d * tileRows);
                Transpose(ref Unsafe.Add(ref rowsRef, start * d), n, d, ref rowsT[0]);
                CentroidDistanceTile.Compute(rowsT, d, sets.PaddedCentroids, sets.SquaredNorms, sets.PaddedCount,
                    distances, n);
                // Set by set over the tile's rows, so one set's sums stay in L1 while it is updated.
                for (var s = 0; s < setCount; s++)
                {
                    var offset = offsets[s];
                    var k = sizes[s];
                    NearestInSet(ref distances[offset * tileRows], k, n, nearest, nearestValue);
                    double setSse = 0;
                    for (var r = 0; r < n; r++)
                    {
                        var best = nearest[r];
                        var centroid = offset + best;
                        local[centroid]++;
                        AddTo(ref floatSums[centroid * dp], ref Unsafe.Add(ref rowsRef, (start + r) * d), d);
                        if (exactSse)
                        {
                            setSse += SquaredDistance(rows.Slice((start + r) * d, d), sets.Centroids.AsSpan(centroid * d, d));
                            labels[s * count + start + r] = best;
                        }
                        else
                        {
                            var e = norms[start + r] + nearestValue[r];
                            setSse += e > 0 ? e : 0;
                        }
                    }
                    sse[s] += setSse;
                }
            }
            for (var c = 0; c < sets.TotalCentroids; c++)
            {
                if (local[c] == 0) continue;
                countsOut[c] += local[c];
                for (var j = 0; j < d; j++) sums[c * d + j] += floatSums[c * dp + j];
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(distances);
            ArrayPool<float>.Shared.Return(rowsT);
            ArrayPool<float>.Shared.Return(floatSums);
            ArrayPool<int>.Shared.Return(local);
        }
    }

    /// <summary>
    /// For each of the first <paramref name="rows"/> rows of a tile (in whole groups of 8), the first index of the smallest of the set's k values
    /// (values[c × 64 + r]; ties go to the lower centroid, as in scikit-learn) and that value:
    /// 8 rows per vector, one compare-and-select per centroid, no branches.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void NearestInSet(ref float values, int k, int rows, Span<int> nearest, Span<float> nearestValue)
    {
        const int tileRows = CentroidDistanceTile.Rows;
        ref var index = ref nearest[0];
        ref var value = ref nearestValue[0];
        for (var r = 0; r < rows; r += 8)
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

    /// <summary>into[0..d) += values[0..d): element-wise adds, so the vector width does not change the bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddTo(ref float into, ref float values, int d)
    {
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; i + 16 <= d; i += 16)
                (Vector512.LoadUnsafe(ref into, (nuint)i) + Vector512.LoadUnsafe(ref values, (nuint)i)).StoreUnsafe(ref into, (nuint)i);
        for (; i + 8 <= d; i += 8)
            (Vector256.LoadUnsafe(ref into, (nuint)i) + Vector256.LoadUnsafe(ref values, (nuint)i)).StoreUnsafe(ref into, (nuint)i);
        for (; i < d; i++) Unsafe.Add(ref into, i) += Unsafe.Add(ref values, i);
    }

    /// <summary>n row-major rows of d into the tile's [d × 64] layout (callers check the bounds).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Transpose(ref float rows, int n, int d, ref float rowsT)
    {
        const int tileRows = CentroidDistanceTile.Rows;
        for (var r = 0; r < n; r++)
        {
            ref var x = ref Unsafe.Add(ref rows, r * d);
            ref var column = ref Unsafe.Add(ref rowsT, r);
            for (var j = 0; j < d; j++) Unsafe.Add(ref column, j * tileRows) = Unsafe.Add(ref x, j);
        }
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
