using System.Buffers;

namespace GalaxyActors.Core.Linalg;

/// <summary>
/// A fitted PCA: mean, the kept components and the full spectrum. Projection is centring followed
/// by a small GEMM against the components through <see cref="PackedColumns"/>.
/// </summary>
public sealed class PcaModel
{
    private const int BlockRows = 256;
    private readonly PackedColumns _packed;
    private readonly float[] _meanF;

    public PcaModel(int inputDimensions, int componentCount, double[] mean, double[] components,
        double[] explainedVariance, double[] explainedVarianceRatio, double varianceTarget)
    {
        InputDimensions = inputDimensions;
        ComponentCount = componentCount;
        Mean = mean;
        Components = components;
        ExplainedVariance = explainedVariance;
        ExplainedVarianceRatio = explainedVarianceRatio;
        VarianceTarget = varianceTarget;
        _meanF = new float[inputDimensions];
        for (var j = 0; j < inputDimensions; j++) _meanF[j] = (float)mean[j];
        var f = new float[components.Length];
        for (var i = 0; i < f.Length; i++) f[i] = (float)components[i];
        _packed = new PackedColumns(f, componentCount, inputDimensions);
    }

    /// <summary>Columns of the input features (D).</summary>
    public int InputDimensions { get; }

    /// <summary>Components kept (d): the fewest reaching <see cref="VarianceTarget"/>.</summary>
    public int ComponentCount { get; }

    public double VarianceTarget { get; }

    /// <summary>Column means of the features [D].</summary>
    public double[] Mean { get; }

    /// <summary>Kept components, row-major [d × D], unit length, largest-|x| entry positive.</summary>
    public double[] Components { get; }

    /// <summary>All D eigenvalues of the covariance, descending.</summary>
    public double[] ExplainedVariance { get; }

    /// <summary>All D explained-variance ratios, descending (they sum to 1).</summary>
    public double[] ExplainedVarianceRatio { get; }

    /// <summary>
    /// output[r × d + i] = (rows[r] − mean) · component i, for <paramref name="count"/> rows.
    /// Sequential per call; callers parallelise over slices.
    /// </summary>
    public void Project(ReadOnlySpan<float> rows, int count, Span<float> output)
    {
        var dIn = InputDimensions;
        var dOut = ComponentCount;
        if (rows.Length < (long)count * dIn) throw new ArgumentException($"Expected {count}×{dIn} values.", nameof(rows));
        if (output.Length < (long)count * dOut) throw new ArgumentException($"Output needs {count}×{dOut} values.", nameof(output));
        var stride = _packed.Stride;
        var centred = ArrayPool<float>.Shared.Rent(BlockRows * dIn);
        var products = ArrayPool<float>.Shared.Rent(BlockRows * stride);
        try
        {
            for (var start = 0; start < count; start += BlockRows)
            {
                var n = Math.Min(BlockRows, count - start);
                for (var r = 0; r < n; r++)
                    System.Numerics.Tensors.TensorPrimitives.Subtract(rows.Slice((start + r) * dIn, dIn), _meanF, centred.AsSpan(r * dIn, dIn));
                _packed.MultiplyRows(centred.AsSpan(0, n * dIn), n, products.AsSpan(0, n * stride));
                for (var r = 0; r < n; r++)
                    products.AsSpan(r * stride, dOut).CopyTo(output.Slice((start + r) * dOut, dOut));
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(centred);
            ArrayPool<float>.Shared.Return(products);
        }
    }

    /// <summary>Projects a whole matrix, in parallel over blocks (each row's result does not depend on the blocking).</summary>
    public RowMatrix Project(RowMatrix features)
    {
        if (features.Columns != InputDimensions)
            throw new InvalidInputException($"The features have {features.Columns} columns but the PCA model expects {InputDimensions}.");
        var result = new RowMatrix(features.Rows, ComponentCount);
        var blocks = (features.Rows + BlockRows - 1) / BlockRows;
        Parallel.For(0, blocks, b =>
        {
            var start = b * BlockRows;
            var n = Math.Min(BlockRows, features.Rows - start);
            Project(features.RowBlock(start, n), n, result.RowBlock(start, n));
        });
        return result;
    }
}
