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
