using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace GalaxyActors.Core.Linalg;

/// <summary>
/// The streamed sufficient statistics of PCA: row count, column sums and the scatter matrix
/// XᵀX, all in double. Partials from different slices merge by addition, so the coordinator can
/// accumulate them as feature blocks arrive and a local run uses the same path (per-slice
/// partials merged in slice order, see <see cref="Pca.ComputeStatistics"/>), giving identical bits.
/// The fields are plain public arrays so a message can carry them.
/// </summary>
public sealed class PcaStatistics
{
    // Rows converted to double per kernel call: 64 rows × 512 columns is 256 KiB, inside L2.
    private const int BlockRows = 64;
    private const int TileI = 4;
    private const int TileJ = 16;

    public PcaStatistics(int dimensions)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        Dimensions = dimensions;
        Sum = new double[dimensions];
        Scatter = new double[dimensions * dimensions];
    }

    /// <summary>Rebuilds statistics received in a message.</summary>
    public PcaStatistics(int dimensions, long count, double[] sum, double[] scatter)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        if (sum.Length != dimensions || scatter.Length != dimensions * dimensions)
            throw new ArgumentException($"Sum must have {dimensions} values and Scatter {dimensions}×{dimensions}.");
        Dimensions = dimensions;
        Count = count;
        Sum = sum;
        Scatter = scatter;
    }

    public int Dimensions { get; }

    /// <summary>Number of rows accumulated.</summary>
    public long Count { get; private set; }

    /// <summary>Σ x over the rows.</summary>
    public double[] Sum { get; }

    /// <summary>
    /// Σ x xᵀ, row-major D×D. Only the upper triangle (column ≥ row) is maintained; the lower one
    /// is left at zero and <see cref="Pca.Fit(PcaStatistics, double)"/> mirrors it.
    /// </summary>
    public double[] Scatter { get; }

    public void Reset()
    {
        Count = 0;
        Array.Clear(Sum);
        Array.Clear(Scatter);
    }

    /// <summary>Adds <paramref name="count"/> rows (row-major, <see cref="Dimensions"/> columns each).</summary>
    /// <param name="firstRow">Global index of the first row, used only to name a non-finite row.</param>
    public void Add(ReadOnlySpan<float> rows, int count, long firstRow = 0)
    {
        var d = Dimensions;
        if (rows.Length < (long)count * d)
            throw new ArgumentException($"Expected {count}×{d} values, got {rows.Length}.", nameof(rows));
        FiniteRows.Ensure(rows[..(count * d)], d, firstRow, "features");
        var padded = (d + TileJ - 1) / TileJ * TileJ;
        var buffer = ArrayPool<double>.Shared.Rent(BlockRows * padded);
        try
        {
            for (var start = 0; start < count; start += BlockRows)
            {
                var n = Math.Min(BlockRows, count - start);
                var block = buffer.AsSpan(0, n * padded);
                block.Clear();
                for (var r = 0; r < n; r++)
                {
                    var src = rows.Slice((start + r) * d, d);
                    var dst = block.Slice(r * padded, d);
                    for (var j = 0; j < d; j++) dst[j] = src[j];
                    for (var j = 0; j < d; j++) Sum[j] += dst[j];
                }
                AccumulateScatter(block, n, padded);
            }
            Count += count;
        }
        finally
        {
            ArrayPool<double>.Shared.Return(buffer);
        }
    }

    /// <summary>Adds another partial (e.g. the next slice's) into this one.</summary>
    public void Merge(PcaStatistics other)
    {
        if (other.Dimensions != Dimensions)
            throw new ArgumentException($"Cannot merge PCA statistics of {other.Dimensions} columns into {Dimensions}.", nameof(other));
        Count += other.Count;
        Add(Sum, other.Sum);
        Add(Scatter, other.Scatter);
    }

    private static void Add(Span<double> into, ReadOnlySpan<double> values)
    {
        var i = 0;
        for (; i + 4 <= into.Length; i += 4)
            (Vector256.Create(into.Slice(i, 4)) + Vector256.Create(values.Slice(i, 4))).CopyTo(into.Slice(i, 4));
        for (; i < into.Length; i++) into[i] += values[i];
    }

    /// <summary>
    /// SYRK-like upper-triangle update: for each 4×16 tile on or above the diagonal, 16 Vector256
    /// accumulators gather the products over the block's rows, then the tile is added once to
    /// <see cref="Scatter"/>. Entries of a tile below the diagonal are computed and discarded.
    /// </summary>
    private void AccumulateScatter(ReadOnlySpan<double> block, int rows, int padded)
    {
        var d = Dimensions;
        ref var b0 = ref Unsafe.AsRef(in block[0]);
        Span<double> tile = stackalloc double[TileI * TileJ];
        for (var it = 0; it < d; it += TileI)
        {
            for (var jt = it / TileJ * TileJ; jt < d; jt += TileJ)
            {
                Vector256<double> a00 = default, a01 = default, a02 = default, a03 = default;
                Vector256<double> a10 = default, a11 = default, a12 = default, a13 = default;
                Vector256<double> a20 = default, a21 = default, a22 = default, a23 = default;
                Vector256<double> a30 = default, a31 = default, a32 = default, a33 = default;
                for (var r = 0; r < rows; r++)
                {
                    ref var row = ref Unsafe.Add(ref b0, r * padded);
                    ref var pj = ref Unsafe.Add(ref row, jt);
                    var c0 = Vector256.LoadUnsafe(ref pj);
                    var c1 = Vector256.LoadUnsafe(ref pj, 4);
                    var c2 = Vector256.LoadUnsafe(ref pj, 8);
                    var c3 = Vector256.LoadUnsafe(ref pj, 12);
                    var x = Vector256.Create(Unsafe.Add(ref row, it));
                    a00 = Vector256.FusedMultiplyAdd(c0, x, a00); a01 = Vector256.FusedMultiplyAdd(c1, x, a01);
                    a02 = Vector256.FusedMultiplyAdd(c2, x, a02); a03 = Vector256.FusedMultiplyAdd(c3, x, a03);
                    x = Vector256.Create(Unsafe.Add(ref row, it + 1));
                    a10 = Vector256.FusedMultiplyAdd(c0, x, a10); a11 = Vector256.FusedMultiplyAdd(c1, x, a11);
                    a12 = Vector256.FusedMultiplyAdd(c2, x, a12); a13 = Vector256.FusedMultiplyAdd(c3, x, a13);
                    x = Vector256.Create(Unsafe.Add(ref row, it + 2));
                    a20 = Vector256.FusedMultiplyAdd(c0, x, a20); a21 = Vector256.FusedMultiplyAdd(c1, x, a21);
                    a22 = Vector256.FusedMultiplyAdd(c2, x, a22); a23 = Vector256.FusedMultiplyAdd(c3, x, a23);
                    x = Vector256.Create(Unsafe.Add(ref row, it + 3));
                    a30 = Vector256.FusedMultiplyAdd(c0, x, a30); a31 = Vector256.FusedMultiplyAdd(c1, x, a31);
                    a32 = Vector256.FusedMultiplyAdd(c2, x, a32); a33 = Vector256.FusedMultiplyAdd(c3, x, a33);
                }
                a00.CopyTo(tile); a01.CopyTo(tile[4..]); a02.CopyTo(tile[8..]); a03.CopyTo(tile[12..]);
                a10.CopyTo(tile[16..]); a11.CopyTo(tile[20..]); a12.CopyTo(tile[24..]); a13.CopyTo(tile[28..]);
                a20.CopyTo(tile[32..]); a21.CopyTo(tile[36..]); a22.CopyTo(tile[40..]); a23.CopyTo(tile[44..]);
                a30.CopyTo(tile[48..]); a31.CopyTo(tile[52..]); a32.CopyTo(tile[56..]); a33.CopyTo(tile[60..]);
                for (var i = 0; i < TileI && it + i < d; i++)
                {
                    var gi = it + i;
                    var from = Math.Max(jt, gi);
                    var to = Math.Min(jt + TileJ, d);
                    var rowOut = Scatter.AsSpan(gi * d);
                    for (var j = from; j < to; j++) rowOut[j] += tile[i * TileJ + j - jt];
                }
            }
        }
    }
}
