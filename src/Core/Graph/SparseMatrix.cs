using System.Runtime.CompilerServices;
namespace GalaxyActors.Core.Graph;

/// <summary>
/// A square sparse matrix in compressed sparse row form: row i's entries are
/// <see cref="ColumnIndices"/>/<see cref="Values"/>[RowPointers[i] .. RowPointers[i+1]), columns ascending.
/// Memory O(nnz + N): the graph and its Laplacian never become dense.
/// </summary>
public sealed class SparseMatrix
{
    public SparseMatrix(int size, int[] rowPointers, int[] columnIndices, double[] values)
    {
        if (rowPointers.Length != size + 1)
            throw new ArgumentException($"{size} rows need {size + 1} row pointers, got {rowPointers.Length}.", nameof(rowPointers));
        if (columnIndices.Length != values.Length || rowPointers[size] != values.Length)
            throw new ArgumentException("Column indices, values and the last row pointer disagree on the number of entries.");
        Size = size;
        RowPointers = rowPointers;
        ColumnIndices = columnIndices;
        Values = values;
    }

    public int Size { get; }
    public int[] RowPointers { get; }
    public int[] ColumnIndices { get; }
    public double[] Values { get; }
    public int NonZeros => Values.Length;

    /// <summary>The value at (row, column), 0 where no entry is stored.</summary>
    public double this[int row, int column]
    {
        get
        {
            var at = Array.BinarySearch(ColumnIndices, RowPointers[row], RowPointers[row + 1] - RowPointers[row], column);
            return at >= 0 ? Values[at] : 0.0;
        }
    }

    /// <summary>Row sums: the degree of each node of a weighted graph.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double[] RowSums()
    {
        var sums = new double[Size];
        for (var i = 0; i < Size; i++)
        {
            double s = 0;
            for (var p = RowPointers[i]; p < RowPointers[i + 1]; p++)
                s += Values[p];
            sums[i] = s;
        }
        return sums;
    }

    /// <summary>y = M x.</summary>
    public void Multiply(ReadOnlySpan<double> x, Span<double> y)
    {
        for (var i = 0; i < Size; i++)
        {
            double s = 0;
            for (var p = RowPointers[i]; p < RowPointers[i + 1]; p++)
                s += Values[p] * x[ColumnIndices[p]];
            y[i] = s;
        }
    }
}
