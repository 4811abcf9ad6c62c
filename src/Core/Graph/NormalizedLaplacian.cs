using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
namespace GalaxyActors.Core.Graph;

/// <summary>
/// The symmetric normalised Laplacian L = I − D^-1/2 W D^-1/2 of a weighted graph, applied as an
/// operator (one sparse product per application) and never formed densely: the scaled weights
/// D^-1/2 W D^-1/2 are stored once beside W's structure, so memory stays O(nnz + N). Like SciPy's
/// csgraph.laplacian(normed=True), an isolated node (degree 0) gets a zero row and column, so it
/// contributes an eigenvalue 0 like any other component.
/// </summary>
public sealed class NormalizedLaplacian
{
    /// <summary>Rows per parallel work item; rows are independent, so results do not depend on threads.</summary>
    private const int RowBlock = 4096;

    private readonly double[] _scaledValues;
    private readonly double[] _diagonal;

    /// <summary>The scaled weights rounded to float32, for the single-precision product (half the bytes streamed).</summary>
    private readonly float[] _scaledValuesSingle;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public NormalizedLaplacian(SparseMatrix adjacency)
    {
        Adjacency = adjacency;
        Degrees = adjacency.RowSums();
        InverseSqrtDegrees = new double[Degrees.Length];
        _diagonal = new double[Degrees.Length];
        for (var i = 0; i < Degrees.Length; i++)
        {
            InverseSqrtDegrees[i] = Degrees[i] > 0 ? 1.0 / Math.Sqrt(Degrees[i]) : 0.0;
            _diagonal[i] = Degrees[i] > 0 ? 1.0 : 0.0;
        }
        _scaledValues = new double[adjacency.NonZeros];
        for (var i = 0; i < adjacency.Size; i++)
            for (var p = adjacency.RowPointers[i]; p < adjacency.RowPointers[i + 1]; p++)
                _scaledValues[p] = InverseSqrtDegrees[i] * adjacency.Values[p] * InverseSqrtDegrees[adjacency.ColumnIndices[p]];
        _scaledValuesSingle = new float[adjacency.NonZeros];
        for (var p = 0; p < _scaledValues.Length; p++)
            _scaledValuesSingle[p] = (float)_scaledValues[p];
    }

    public SparseMatrix Adjacency { get; }
    public int Size => Adjacency.Size;
    public double[] Degrees { get; }

    /// <summary>D^-1/2, with 0 for isolated nodes.</summary>
    public double[] InverseSqrtDegrees { get; }

    /// <summary>y = L x (x and y distinct, length N), parallel over fixed blocks of rows.</summary>
    public void Apply(double[] x, double[] y)
    {
        var blocks = (Size + RowBlock - 1) / RowBlock;
        if (blocks == 1)
            ApplyRows(0, Size, x, y);
        else
            Parallel.For(0, blocks, b => ApplyRows(b * RowBlock, Math.Min(Size, (b + 1) * RowBlock), x, y));
    }

    /// <summary>
    /// y = α·(L − σI)·x + β·z for row-major N × width blocks (<see cref="GalaxyActors.Core.Linalg.ShiftedBlockOperator{T}"/>),
    /// parallel over fixed blocks of rows. Each stored entry of W is read once for the whole block
    /// and multiplies a contiguous run of the block's row, so the product is bound by the gathers
    /// of those rows (N·width·8 bytes, cache-resident at N ≈ 20,000), not by the matrix.
    /// </summary>
    public void ApplyShiftedBlock(double[] x, double[] y, int width, double alpha, double shift, double[]? add, double addScale)
    {
        var blocks = (Size + RowBlock - 1) / RowBlock;
        if (blocks == 1)
            ShiftedBlockRows(0, Size, x, y, width, alpha, shift, add, addScale);
        else
            Parallel.For(0, blocks, b => ShiftedBlockRows(b * RowBlock, Math.Min(Size, (b + 1) * RowBlock), x, y, width, alpha, shift, add, addScale));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void ShiftedBlockRows(int start, int end, double[] x, double[] y, int width, double alpha, double shift,
        double[]? add, double addScale)
    {
        var pointers = Adjacency.RowPointers;
        const int lanes = 8;
        // Widths that are whole Vector512s run in chunks of up to 32 columns: four accumulators
        // stay in registers across the row's entries, and each entry's gathered row is 1–4
        // contiguous loads. (A chunk loop per 8 columns made each accumulator a dependency chain
        // of FMAs one entry long per step: latency-bound at ~4 cycles per entry and chunk.)
        var vectorised = width % lanes == 0;
        fixed (double* xs = x, ys = y, vs = _scaledValues, diagonal = _diagonal)
        fixed (double* zs = add)
        fixed (int* cs = Adjacency.ColumnIndices)
        {
            for (var i = start; i < end; i++)
            {
                var from = pointers[i];
                var to = pointers[i + 1];
                var self = diagonal[i] - shift;
                var xRow = xs + (long)i * width;
                var yRow = ys + (long)i * width;
                var zRow = zs == null ? null : zs + (long)i * width;
                if (!vectorised)
                {
                    for (var j = 0; j < width; j++)
                    {
                        var s = self * xRow[j];
                        for (var p = from; p < to; p++)
                            s -= vs[p] * xs[(long)cs[p] * width + j];
                        yRow[j] = alpha * s + (zRow == null ? 0.0 : addScale * zRow[j]);
                    }
                    continue;
                }
                var av = Vector512.Create(alpha);
                var bv = Vector512.Create(addScale);
                var selfV = Vector512.Create(self);
                for (var chunk = 0; chunk < width; chunk += 4 * lanes)
                {
                    var vectors = Math.Min(4, (width - chunk) / lanes);
                    var xc = xRow + chunk;
                    var a0 = selfV * Vector512.Load(xc);
                    var a1 = vectors > 1 ? selfV * Vector512.Load(xc + lanes) : default;
                    var a2 = vectors > 2 ? selfV * Vector512.Load(xc + 2 * lanes) : default;
                    var a3 = vectors > 3 ? selfV * Vector512.Load(xc + 3 * lanes) : default;
                    for (var p = from; p < to; p++)
                    {
                        var v = Vector512.Create(-vs[p]);
                        var other = xs + (long)cs[p] * width + chunk;
                        a0 = Vector512.FusedMultiplyAdd(v, Vector512.Load(other), a0);
                        if (vectors > 1) a1 = Vector512.FusedMultiplyAdd(v, Vector512.Load(other + lanes), a1);
                        if (vectors > 2) a2 = Vector512.FusedMultiplyAdd(v, Vector512.Load(other + 2 * lanes), a2);
                        if (vectors > 3) a3 = Vector512.FusedMultiplyAdd(v, Vector512.Load(other + 3 * lanes), a3);
                    }
                    var yc = yRow + chunk;
                    if (zRow == null)
                    {
                        (av * a0).Store(yc);
                        if (vectors > 1) (av * a1).Store(yc + lanes);
                        if (vectors > 2) (av * a2).Store(yc + 2 * lanes);
                        if (vectors > 3) (av * a3).Store(yc + 3 * lanes);
                    }
                    else
                    {
                        var zc = zRow + chunk;
                        Vector512.FusedMultiplyAdd(av, a0, bv * Vector512.Load(zc)).Store(yc);
                        if (vectors > 1) Vector512.FusedMultiplyAdd(av, a1, bv * Vector512.Load(zc + lanes)).Store(yc + lanes);
                        if (vectors > 2) Vector512.FusedMultiplyAdd(av, a2, bv * Vector512.Load(zc + 2 * lanes)).Store(yc + 2 * lanes);
                        if (vectors > 3) Vector512.FusedMultiplyAdd(av, a3, bv * Vector512.Load(zc + 3 * lanes)).Store(yc + 3 * lanes);
                    }
                }
            }
        }
    }

    /// <summary>
    /// The same product in single precision (float32 blocks, float32 weights, float32 sums): half
    /// the bytes gathered and streamed, for the early filters of the eigen-solver whose output only
    /// needs to point the right way, not to meet the final tolerance.
    /// </summary>
    public void ApplyShiftedBlockSingle(float[] x, float[] y, int width, double alpha, double shift, float[]? add, double addScale)
    {
        var blocks = (Size + RowBlock - 1) / RowBlock;
        if (blocks == 1)
            ShiftedBlockRowsSingle(0, Size, x, y, width, (float)alpha, (float)shift, add, (float)addScale);
        else
            Parallel.For(0, blocks, b => ShiftedBlockRowsSingle(b * RowBlock, Math.Min(Size, (b + 1) * RowBlock), x, y, width,
                (float)alpha, (float)shift, add, (float)addScale));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void ShiftedBlockRowsSingle(int start, int end, float[] x, float[] y, int width, float alpha, float shift,
        float[]? add, float addScale)
    {
        var pointers = Adjacency.RowPointers;
        const int lanes = 16;
        const int half = 8;
        // Widths that are multiples of 8 run in chunks of up to 64 columns: up to four Vector512s of
        // 16 floats and, when the chunk ends in 8 columns, one Vector256 — all updated from each
        // entry, so the chains are independent (a width of 24 is one of each).
        var vectorised = width % half == 0;
        fixed (float* xs = x, ys = y, vs = _scaledValuesSingle)
        fixed (double* diagonal = _diagonal)
        fixed (float* zs = add)
        fixed (int* cs = Adjacency.ColumnIndices)
        {
            for (var i = start; i < end; i++)
            {
                var from = pointers[i];
                var to = pointers[i + 1];
                var self = (float)diagonal[i] - shift;
                var xRow = xs + (long)i * width;
                var yRow = ys + (long)i * width;
                var zRow = zs == null ? null : zs + (long)i * width;
                if (!vectorised)
                {
                    for (var j = 0; j < width; j++)
                    {
                        var s = self * xRow[j];
                        for (var p = from; p < to; p++)
                            s -= vs[p] * xs[(long)cs[p] * width + j];
                        yRow[j] = alpha * s + (zRow == null ? 0f : addScale * zRow[j]);
                    }
                    continue;
                }
                var selfV = Vector512.Create(self);
                var selfH = Vector256.Create(self);
                for (var chunk = 0; chunk < width; chunk += 4 * lanes)
                {
                    var columns = Math.Min(4 * lanes, width - chunk);
                    var vectors = columns / lanes;
                    var tail = columns % lanes != 0;
                    var xc = xRow + chunk;
                    var a0 = vectors > 0 ? selfV * Vector512.Load(xc) : default;
                    var a1 = vectors > 1 ? selfV * Vector512.Load(xc + lanes) : default;
                    var a2 = vectors > 2 ? selfV * Vector512.Load(xc + 2 * lanes) : default;
                    var a3 = vectors > 3 ? selfV * Vector512.Load(xc + 3 * lanes) : default;
                    var t = tail ? selfH * Vector256.Load(xc + vectors * lanes) : default;
                    for (var p = from; p < to; p++)
                    {
                        var weight = -vs[p];
                        var v = Vector512.Create(weight);
                        var other = xs + (long)cs[p] * width + chunk;
                        if (vectors > 0) a0 = Vector512.FusedMultiplyAdd(v, Vector512.Load(other), a0);
                        if (vectors > 1) a1 = Vector512.FusedMultiplyAdd(v, Vector512.Load(other + lanes), a1);
                        if (vectors > 2) a2 = Vector512.FusedMultiplyAdd(v, Vector512.Load(other + 2 * lanes), a2);
                        if (vectors > 3) a3 = Vector512.FusedMultiplyAdd(v, Vector512.Load(other + 3 * lanes), a3);
                        if (tail) t = Vector256.FusedMultiplyAdd(Vector256.Create(weight), Vector256.Load(other + vectors * lanes), t);
                    }
                    var av = Vector512.Create(alpha);
                    var bv = Vector512.Create(addScale);
                    var yc = yRow + chunk;
                    var zc = zRow == null ? null : zRow + chunk;
                    if (vectors > 0) Finish(a0, yc, zc, av, bv);
                    if (vectors > 1) Finish(a1, yc + lanes, zc == null ? null : zc + lanes, av, bv);
                    if (vectors > 2) Finish(a2, yc + 2 * lanes, zc == null ? null : zc + 2 * lanes, av, bv);
                    if (vectors > 3) Finish(a3, yc + 3 * lanes, zc == null ? null : zc + 3 * lanes, av, bv);
                    if (tail)
                    {
                        var at = vectors * lanes;
                        var result = Vector256.Create(alpha) * t;
                        if (zc != null)
                            result = Vector256.FusedMultiplyAdd(Vector256.Create(addScale), Vector256.Load(zc + at), result);
                        result.Store(yc + at);
                    }
                }
            }
        }
    }

    /// <summary>y = α·sum (+ β·z when z is given) for one Vector512 of floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Finish(Vector512<float> sum, float* y, float* z, Vector512<float> alpha, Vector512<float> beta)
    {
        var result = alpha * sum;
        if (z != null)
            result = Vector512.FusedMultiplyAdd(beta, Vector512.Load(z), result);
        result.Store(y);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ApplyRows(int start, int end, double[] x, double[] y)
    {
        var pointers = Adjacency.RowPointers;
        var columns = Adjacency.ColumnIndices;
        var values = _scaledValues;
        for (var i = start; i < end; i++)
        {
            double s = 0;
            for (var p = pointers[i]; p < pointers[i + 1]; p++)
                s += values[p] * x[columns[p]];
            y[i] = _diagonal[i] * x[i] - s;
        }
    }
}
