using System.Runtime.CompilerServices;
using GalaxyActors.Core.Linalg;

namespace GalaxyActors.Core.Graph;

/// <summary>
/// A permutation (new position → row) that puts nearby points near each other: the leaf order of
/// a k-d tree built by median splits, each on the coordinate of largest spread within the part.
/// Every split falls on a multiple of the leaf size, so each run of <c>leafSize</c> positions is
/// one leaf (one cell of the tree): a tile's bounding box is then as small as the tree makes it.
/// </summary>
internal static class KdOrder
{
    /// <summary>Parts bigger than this split their two halves on two threads.</summary>
    private const int ParallelPart = 4096;

    /// <summary>
    /// Deterministic: the median split orders by (coordinate, row), so the set of rows on each
    /// side is fixed whatever the selection algorithm does inside it.
    /// </summary>
    public static int[] Of(RowMatrix points, int leafSize)
    {
        var n = points.Rows;
        var order = new int[n];
        for (var i = 0; i < n; i++)
            order[i] = i;
        Split(points, order, new float[n], 0, n, leafSize);
        return order;
    }

    private static void Split(RowMatrix points, int[] order, float[] keys, int from, int to, int leafSize)
    {
        if (to - from <= leafSize)
            return;
        var dims = points.Columns;
        var data = points.Data;
        var axis = WidestAxis(points, order, from, to);
        for (var i = from; i < to; i++)
            keys[i] = data[order[i] * dims + axis];
        var leaves = (to - from + leafSize - 1) / leafSize;
        var middle = from + leaves / 2 * leafSize;
        Select(keys, order, from, to, middle);
        if (to - from > ParallelPart)
            Parallel.Invoke(
                () => Split(points, order, keys, from, middle, leafSize),
                () => Split(points, order, keys, middle, to, leafSize));
        else
        {
            Split(points, order, keys, from, middle, leafSize);
            Split(points, order, keys, middle, to, leafSize);
        }
    }

    /// <summary>
    /// The coordinate of largest spread, estimated on at most 256 of the part's points (it only
    /// picks an axis), accumulated row by row so each sampled row is read once, contiguously.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int WidestAxis(RowMatrix points, int[] order, int from, int to)
    {
        var dims = points.Columns;
        var data = points.Data;
        var step = Math.Max(1, (to - from) / 256);
        Span<double> sum = dims <= 512 ? stackalloc double[dims] : new double[dims];
        Span<double> squares = dims <= 512 ? stackalloc double[dims] : new double[dims];
        sum.Clear();
        squares.Clear();
        var count = 0;
        for (var i = from; i < to; i += step, count++)
        {
            var row = data.AsSpan(order[i] * dims, dims);
            for (var d = 0; d < dims; d++)
            {
                double v = row[d];
                sum[d] += v;
                squares[d] += v * v;
            }
        }
        var best = 0;
        var bestSpread = -1.0;
        for (var d = 0; d < dims; d++)
        {
            var spread = squares[d] - sum[d] * sum[d] / count;
            if (spread > bestSpread)
            {
                bestSpread = spread;
                best = d;
            }
        }
        return best;
    }

    /// <summary>
    /// Quickselect on (key, row): afterwards every pair in [from, nth) precedes every pair in
    /// [nth, to). Linear on average, where a full sort of every part cost N log N per tree level.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Select(float[] keys, int[] rows, int from, int to, int nth)
    {
        var lo = from;
        var hi = to - 1;
        while (lo < hi)
        {
            var mid = lo + (hi - lo) / 2;
            // Median of three as the pivot.
            if (Precedes(keys[mid], rows[mid], keys[lo], rows[lo])) Swap(keys, rows, mid, lo);
            if (Precedes(keys[hi], rows[hi], keys[lo], rows[lo])) Swap(keys, rows, hi, lo);
            if (Precedes(keys[hi], rows[hi], keys[mid], rows[mid])) Swap(keys, rows, hi, mid);
            var pivotKey = keys[mid];
            var pivotRow = rows[mid];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (Precedes(keys[i], rows[i], pivotKey, pivotRow)) i++;
                while (Precedes(pivotKey, pivotRow, keys[j], rows[j])) j--;
                if (i <= j)
                {
                    Swap(keys, rows, i, j);
                    i++;
                    j--;
                }
            }
            // Now [lo, j] ≤ pivot ≤ [i, hi], and anything between equals the pivot.
            if (nth <= j)
                hi = j;
            else if (nth >= i)
                lo = i;
            else
                return;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Precedes(float key, int row, float otherKey, int otherRow) =>
        key < otherKey || (key == otherKey && row < otherRow);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Swap(float[] keys, int[] rows, int a, int b)
    {
        (keys[a], keys[b]) = (keys[b], keys[a]);
        (rows[a], rows[b]) = (rows[b], rows[a]);
    }
}
