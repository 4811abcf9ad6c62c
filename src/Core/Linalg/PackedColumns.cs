using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace GalaxyActors.Core.Linalg;

/// <summary>
/// A set of column vectors (centroids, principal components) stored transposed and padded so that
/// many rows can be multiplied against all of them with a register-blocked kernel: 4 rows × 32
/// columns of float accumulators per tile, each step one broadcast per row and one load per 8
/// columns. Putting the columns side by side (rather than dotting row against column) avoids the
/// horizontal sums that dominate when the dimension is small (~60), which it is after PCA.
/// </summary>
public sealed class PackedColumns
{
    /// <summary>Columns handled per tile (4 Vector256 of floats).</summary>
    public const int TileColumns = 32;
    private const int TileRows = 4;

    /// <param name="vectors">Row-major [count × dimensions]: each row becomes one column.</param>
    public PackedColumns(ReadOnlySpan<float> vectors, int count, int dimensions)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        if (vectors.Length < (long)count * dimensions)
            throw new ArgumentException($"Expected {count}×{dimensions} values, got {vectors.Length}.", nameof(vectors));
        Count = count;
        Dimensions = dimensions;
        Stride = Math.Max(TileColumns, (count + TileColumns - 1) / TileColumns * TileColumns);
        Packed = new float[dimensions * Stride];
        SquaredNorms = new float[Stride];
        for (var c = 0; c < count; c++)
        {
            var v = vectors.Slice(c * dimensions, dimensions);
            double norm = 0;
            for (var j = 0; j < dimensions; j++)
            {
                Packed[j * Stride + c] = v[j];
                norm += (double)v[j] * v[j];
            }
            SquaredNorms[c] = (float)norm;
        }
    }

    public int Count { get; }
    public int Dimensions { get; }

    /// <summary>Padded column count (a multiple of <see cref="TileColumns"/>): the row length of outputs.</summary>
    public int Stride { get; }

    /// <summary>[Dimensions × Stride]: element (j, c) is component j of column c; padding is zero.</summary>
    public float[] Packed { get; }

    /// <summary>‖column‖² per column (computed in double, stored float); padding is zero.</summary>
    public float[] SquaredNorms { get; }

    /// <summary>
    /// output[r × Stride + c] = scale × (rows[r] · column c) + (addNorms ? ‖column c‖² : 0) for r &lt; count.
    /// With scale −2 and addNorms this is ‖x − c‖² − ‖x‖², the quantity k-means minimises.
    /// Sequential and deterministic: the same inputs give the same bits on the same hardware.
    /// </summary>
    public void MultiplyRows(ReadOnlySpan<float> rows, int count, Span<float> output, float scale = 1f, bool addNorms = false)
    {
        var d = Dimensions;
        if (rows.Length < (long)count * d) throw new ArgumentException("Too few row values.", nameof(rows));
        if (output.Length < (long)count * Stride) throw new ArgumentException("Output too small.", nameof(output));
        var full = count / TileRows * TileRows;
        for (var r = 0; r < full; r += TileRows)
            MultiplyTile(rows.Slice(r * d, TileRows * d), output.Slice(r * Stride, TileRows * Stride), scale, addNorms);
        if (full < count)
        {
            // The last partial tile goes through the same kernel on zero-padded copies.
            var left = count - full;
            var rented = System.Buffers.ArrayPool<float>.Shared.Rent(TileRows * d + TileRows * Stride);
            var padded = rented.AsSpan(0, TileRows * d);
            padded.Clear();
            rows.Slice(full * d, left * d).CopyTo(padded);
            var outTile = rented.AsSpan(TileRows * d, TileRows * Stride);
            MultiplyTile(padded, outTile, scale, addNorms);
            outTile.Slice(0, left * Stride).CopyTo(output.Slice(full * Stride));
            System.Buffers.ArrayPool<float>.Shared.Return(rented);
        }
    }

    private void MultiplyTile(ReadOnlySpan<float> rows, Span<float> output, float scale, bool addNorms)
    {
        var d = Dimensions;
        var stride = Stride;
        ref var x0 = ref Unsafe.AsRef(in rows[0]);
        ref var x1 = ref Unsafe.Add(ref x0, d);
        ref var x2 = ref Unsafe.Add(ref x1, d);
        ref var x3 = ref Unsafe.Add(ref x2, d);
        ref var packed = ref Packed[0];
        ref var outRef = ref output[0];
        var vScale = Vector256.Create(scale);
        for (var ct = 0; ct < stride; ct += TileColumns)
        {
            Vector256<float> a00 = default, a01 = default, a02 = default, a03 = default;
            Vector256<float> a10 = default, a11 = default, a12 = default, a13 = default;
            Vector256<float> a20 = default, a21 = default, a22 = default, a23 = default;
            Vector256<float> a30 = default, a31 = default, a32 = default, a33 = default;
            ref var col = ref Unsafe.Add(ref packed, ct);
            for (var j = 0; j < d; j++)
            {
                ref var p = ref Unsafe.Add(ref col, j * stride);
                var c0 = Vector256.LoadUnsafe(ref p);
                var c1 = Vector256.LoadUnsafe(ref p, 8);
                var c2 = Vector256.LoadUnsafe(ref p, 16);
                var c3 = Vector256.LoadUnsafe(ref p, 24);
                var b = Vector256.Create(Unsafe.Add(ref x0, j));
                a00 = Vector256.FusedMultiplyAdd(c0, b, a00); a01 = Vector256.FusedMultiplyAdd(c1, b, a01);
                a02 = Vector256.FusedMultiplyAdd(c2, b, a02); a03 = Vector256.FusedMultiplyAdd(c3, b, a03);
                b = Vector256.Create(Unsafe.Add(ref x1, j));
                a10 = Vector256.FusedMultiplyAdd(c0, b, a10); a11 = Vector256.FusedMultiplyAdd(c1, b, a11);
                a12 = Vector256.FusedMultiplyAdd(c2, b, a12); a13 = Vector256.FusedMultiplyAdd(c3, b, a13);
                b = Vector256.Create(Unsafe.Add(ref x2, j));
                a20 = Vector256.FusedMultiplyAdd(c0, b, a20); a21 = Vector256.FusedMultiplyAdd(c1, b, a21);
                a22 = Vector256.FusedMultiplyAdd(c2, b, a22); a23 = Vector256.FusedMultiplyAdd(c3, b, a23);
                b = Vector256.Create(Unsafe.Add(ref x3, j));
                a30 = Vector256.FusedMultiplyAdd(c0, b, a30); a31 = Vector256.FusedMultiplyAdd(c1, b, a31);
                a32 = Vector256.FusedMultiplyAdd(c2, b, a32); a33 = Vector256.FusedMultiplyAdd(c3, b, a33);
            }
            Vector256<float> n0 = default, n1 = default, n2 = default, n3 = default;
            if (addNorms)
            {
                ref var norms = ref SquaredNorms[ct];
                n0 = Vector256.LoadUnsafe(ref norms); n1 = Vector256.LoadUnsafe(ref norms, 8);
                n2 = Vector256.LoadUnsafe(ref norms, 16); n3 = Vector256.LoadUnsafe(ref norms, 24);
            }
            ref var o = ref Unsafe.Add(ref outRef, ct);
            Store(ref o, a00, a01, a02, a03, vScale, n0, n1, n2, n3);
            Store(ref Unsafe.Add(ref o, stride), a10, a11, a12, a13, vScale, n0, n1, n2, n3);
            Store(ref Unsafe.Add(ref o, 2 * stride), a20, a21, a22, a23, vScale, n0, n1, n2, n3);
            Store(ref Unsafe.Add(ref o, 3 * stride), a30, a31, a32, a33, vScale, n0, n1, n2, n3);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(ref float o, Vector256<float> a0, Vector256<float> a1, Vector256<float> a2, Vector256<float> a3,
        Vector256<float> scale, Vector256<float> n0, Vector256<float> n1, Vector256<float> n2, Vector256<float> n3)
    {
        Vector256.FusedMultiplyAdd(a0, scale, n0).StoreUnsafe(ref o);
        Vector256.FusedMultiplyAdd(a1, scale, n1).StoreUnsafe(ref o, 8);
        Vector256.FusedMultiplyAdd(a2, scale, n2).StoreUnsafe(ref o, 16);
        Vector256.FusedMultiplyAdd(a3, scale, n3).StoreUnsafe(ref o, 24);
    }
}
