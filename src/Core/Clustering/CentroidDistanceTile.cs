using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace GalaxyActors.Core.Clustering;

/// <summary>
/// f(x, c) = ‖c‖² − 2 x·c for a tile of 64 rows against all centroids of all sets, written
/// centroid-major: output[c × 64 + r]. With the rows of a tile side by side in a vector, the nearest
/// centroid of each set is found for 8 rows at once by k compare-and-select steps, instead of a
/// horizontal arg-min per row and set (which cost twice the product itself).
/// Each value is the FMA chain over the components in order, then fma(acc, −2, ‖c‖²): the same
/// bits as <see cref="Linalg.PackedColumns.MultiplyRows"/> with scale −2 and norms.
/// </summary>
internal static class CentroidDistanceTile
{
    public const int Rows = 64;

    /// <summary>Centroids per register block (padded copies make every block whole).</summary>
    public const int CentroidBlock = 6;

    /// <summary>Rows per register block: two Vector256.</summary>
    private const int RowBlock = 16;

    /// <param name="rowsT">The tile's rows transposed, [d × 64], zero for missing rows.</param>
    /// <param name="centroids">Row-major [count × d], count a multiple of <see cref="CentroidBlock"/>.</param>
    /// <param name="norms">‖c‖² per centroid (float), at least count values.</param>
    /// <param name="output">[count × 64].</param>
    /// <param name="rows">Rows of the tile in use: only their 16-row blocks are computed (a slice's few batch rows).</param>
    // Straight to optimised code: an elbow stage runs once per process, and tier-0 vector code is many times slower.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Compute(ReadOnlySpan<float> rowsT, int d, ReadOnlySpan<float> centroids, ReadOnlySpan<float> norms, int count, Span<float> output,
        int rows = Rows)
    {
        if (count % CentroidBlock != 0) throw new ArgumentException("Pad the centroids to whole blocks.", nameof(count));
        if (rowsT.Length < d * Rows || centroids.Length < count * d || norms.Length < count || output.Length < count * Rows)
            throw new ArgumentException("Buffers too small for the tile.");
        ref var x = ref Unsafe.AsRef(in rowsT[0]);
        ref var cBase = ref Unsafe.AsRef(in centroids[0]);
        ref var oBase = ref output[0];
        if (Vector512.IsHardwareAccelerated)
        {
            Compute512(ref x, d, ref cBase, norms, count, ref oBase, rows);
            return;
        }
        var minusTwo = Vector256.Create(-2f);
        for (var cb = 0; cb < count; cb += CentroidBlock)
        {
            ref var c0 = ref Unsafe.Add(ref cBase, cb * d);
            ref var c1 = ref Unsafe.Add(ref c0, d);
            ref var c2 = ref Unsafe.Add(ref c0, 2 * d);
            ref var c3 = ref Unsafe.Add(ref c0, 3 * d);
            ref var c4 = ref Unsafe.Add(ref c0, 4 * d);
            ref var c5 = ref Unsafe.Add(ref c0, 5 * d);
            for (var rb = 0; rb < rows; rb += RowBlock)
            {
                Vector256<float> a00 = default, a01 = default, a10 = default, a11 = default, a20 = default, a21 = default;
                Vector256<float> a30 = default, a31 = default, a40 = default, a41 = default, a50 = default, a51 = default;
                for (var j = 0; j < d; j++)
                {
                    ref var xj = ref Unsafe.Add(ref x, j * Rows + rb);
                    var x0 = Vector256.LoadUnsafe(ref xj);
                    var x1 = Vector256.LoadUnsafe(ref xj, 8);
                    var b = Vector256.Create(Unsafe.Add(ref c0, j));
                    a00 = Vector256.FusedMultiplyAdd(b, x0, a00); a01 = Vector256.FusedMultiplyAdd(b, x1, a01);
                    b = Vector256.Create(Unsafe.Add(ref c1, j));
                    a10 = Vector256.FusedMultiplyAdd(b, x0, a10); a11 = Vector256.FusedMultiplyAdd(b, x1, a11);
                    b = Vector256.Create(Unsafe.Add(ref c2, j));
                    a20 = Vector256.FusedMultiplyAdd(b, x0, a20); a21 = Vector256.FusedMultiplyAdd(b, x1, a21);
                    b = Vector256.Create(Unsafe.Add(ref c3, j));
                    a30 = Vector256.FusedMultiplyAdd(b, x0, a30); a31 = Vector256.FusedMultiplyAdd(b, x1, a31);
                    b = Vector256.Create(Unsafe.Add(ref c4, j));
                    a40 = Vector256.FusedMultiplyAdd(b, x0, a40); a41 = Vector256.FusedMultiplyAdd(b, x1, a41);
                    b = Vector256.Create(Unsafe.Add(ref c5, j));
                    a50 = Vector256.FusedMultiplyAdd(b, x0, a50); a51 = Vector256.FusedMultiplyAdd(b, x1, a51);
                }
                ref var o = ref Unsafe.Add(ref oBase, cb * Rows + rb);
                Store(ref o, a00, a01, Vector256.Create(norms[cb]), minusTwo);
                Store(ref Unsafe.Add(ref o, Rows), a10, a11, Vector256.Create(norms[cb + 1]), minusTwo);
                Store(ref Unsafe.Add(ref o, 2 * Rows), a20, a21, Vector256.Create(norms[cb + 2]), minusTwo);
                Store(ref Unsafe.Add(ref o, 3 * Rows), a30, a31, Vector256.Create(norms[cb + 3]), minusTwo);
                Store(ref Unsafe.Add(ref o, 4 * Rows), a40, a41, Vector256.Create(norms[cb + 4]), minusTwo);
                Store(ref Unsafe.Add(ref o, 5 * Rows), a50, a51, Vector256.Create(norms[cb + 5]), minusTwo);
            }
        }
    }

    /// <summary>
    /// The same FMA chains 16 rows to a vector: 32 rows × 6 centroids in 12 registers (16 rows
    /// for a last block of 16 or fewer), half the instructions of the 256-bit loop.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Compute512(ref float x, int d, ref float cBase, ReadOnlySpan<float> norms, int count, ref float oBase, int rows)
    {
        var minusTwo = Vector512.Create(-2f);
        for (var cb = 0; cb < count; cb += CentroidBlock)
        {
            ref var c0 = ref Unsafe.Add(ref cBase, cb * d);
            ref var c1 = ref Unsafe.Add(ref c0, d);
            ref var c2 = ref Unsafe.Add(ref c0, 2 * d);
            ref var c3 = ref Unsafe.Add(ref c0, 3 * d);
            ref var c4 = ref Unsafe.Add(ref c0, 4 * d);
            ref var c5 = ref Unsafe.Add(ref c0, 5 * d);
            var rb = 0;
            for (; rb + 16 < rows; rb += 32)
            {
                Vector512<float> a00 = default, a01 = default, a10 = default, a11 = default, a20 = default, a21 = default;
                Vector512<float> a30 = default, a31 = default, a40 = default, a41 = default, a50 = default, a51 = default;
                for (var j = 0; j < d; j++)
                {
                    ref var xj = ref Unsafe.Add(ref x, j * Rows + rb);
                    var x0 = Vector512.LoadUnsafe(ref xj);
                    var x1 = Vector512.LoadUnsafe(ref xj, 16);
                    var b = Vector512.Create(Unsafe.Add(ref c0, j));
                    a00 = Vector512.FusedMultiplyAdd(b, x0, a00); a01 = Vector512.FusedMultiplyAdd(b, x1, a01);
                    b = Vector512.Create(Unsafe.Add(ref c1, j));
                    a10 = Vector512.FusedMultiplyAdd(b, x0, a10); a11 = Vector512.FusedMultiplyAdd(b, x1, a11);
                    b = Vector512.Create(Unsafe.Add(ref c2, j));
                    a20 = Vector512.FusedMultiplyAdd(b, x0, a20); a21 = Vector512.FusedMultiplyAdd(b, x1, a21);
                    b = Vector512.Create(Unsafe.Add(ref c3, j));
                    a30 = Vector512.FusedMultiplyAdd(b, x0, a30); a31 = Vector512.FusedMultiplyAdd(b, x1, a31);
                    b = Vector512.Create(Unsafe.Add(ref c4, j));
                    a40 = Vector512.FusedMultiplyAdd(b, x0, a40); a41 = Vector512.FusedMultiplyAdd(b, x1, a41);
                    b = Vector512.Create(Unsafe.Add(ref c5, j));
                    a50 = Vector512.FusedMultiplyAdd(b, x0, a50); a51 = Vector512.FusedMultiplyAdd(b, x1, a51);
                }
                ref var o = ref Unsafe.Add(ref oBase, cb * Rows + rb);
                Store(ref o, a00, a01, Vector512.Create(norms[cb]), minusTwo);
                Store(ref Unsafe.Add(ref o, Rows), a10, a11, Vector512.Create(norms[cb + 1]), minusTwo);
                Store(ref Unsafe.Add(ref o, 2 * Rows), a20, a21, Vector512.Create(norms[cb + 2]), minusTwo);
                Store(ref Unsafe.Add(ref o, 3 * Rows), a30, a31, Vector512.Create(norms[cb + 3]), minusTwo);
                Store(ref Unsafe.Add(ref o, 4 * Rows), a40, a41, Vector512.Create(norms[cb + 4]), minusTwo);
                Store(ref Unsafe.Add(ref o, 5 * Rows), a50, a51, Vector512.Create(norms[cb + 5]), minusTwo);
            }
            if (rb < rows)
            {
                Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default;
                for (var j = 0; j < d; j++)
                {
                    var x0 = Vector512.LoadUnsafe(ref Unsafe.Add(ref x, j * Rows + rb));
                    a0 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref c0, j)), x0, a0);
                    a1 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref c1, j)), x0, a1);
                    a2 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref c2, j)), x0, a2);
                    a3 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref c3, j)), x0, a3);
                    a4 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref c4, j)), x0, a4);
                    a5 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref c5, j)), x0, a5);
                }
                ref var o = ref Unsafe.Add(ref oBase, cb * Rows + rb);
                Vector512.FusedMultiplyAdd(a0, minusTwo, Vector512.Create(norms[cb])).StoreUnsafe(ref o);
                Vector512.FusedMultiplyAdd(a1, minusTwo, Vector512.Create(norms[cb + 1])).StoreUnsafe(ref o, Rows);
                Vector512.FusedMultiplyAdd(a2, minusTwo, Vector512.Create(norms[cb + 2])).StoreUnsafe(ref o, 2 * Rows);
                Vector512.FusedMultiplyAdd(a3, minusTwo, Vector512.Create(norms[cb + 3])).StoreUnsafe(ref o, 3 * Rows);
                Vector512.FusedMultiplyAdd(a4, minusTwo, Vector512.Create(norms[cb + 4])).StoreUnsafe(ref o, 4 * Rows);
                Vector512.FusedMultiplyAdd(a5, minusTwo, Vector512.Create(norms[cb + 5])).StoreUnsafe(ref o, 5 * Rows);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(ref float o, Vector512<float> a0, Vector512<float> a1, Vector512<float> norm, Vector512<float> minusTwo)
    {
        Vector512.FusedMultiplyAdd(a0, minusTwo, norm).StoreUnsafe(ref o);
        Vector512.FusedMultiplyAdd(a1, minusTwo, norm).StoreUnsafe(ref o, 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(ref float o, Vector256<float> a0, Vector256<float> a1, Vector256<float> norm, Vector256<float> minusTwo)
    {
        Vector256.FusedMultiplyAdd(a0, minusTwo, norm).StoreUnsafe(ref o);
        Vector256.FusedMultiplyAdd(a1, minusTwo, norm).StoreUnsafe(ref o, 8);
    }
}
