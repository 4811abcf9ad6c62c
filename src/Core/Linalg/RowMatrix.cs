namespace GalaxyActors.Core.Linalg;

/// <summary>
/// A dense row-major float32 matrix: the shape in which features, reduced points and centroids
/// travel through the compute library. One contiguous array, so rows are spans and blocks of rows
/// can be handed to vectorised kernels (and later to messages) without copying.
/// </summary>
public sealed class RowMatrix
{
    public RowMatrix(int rows, int columns) : this(rows, columns, new float[checked(rows * columns)]) { }

    public RowMatrix(int rows, int columns, float[] data)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        if (data.Length != (long)rows * columns)
            throw new ArgumentException($"Data has {data.Length} values, expected {rows}×{columns}.", nameof(data));
        Rows = rows;
        Columns = columns;
        Data = data;
    }

    public int Rows { get; }
    public int Columns { get; }

    /// <summary>The values, row after row.</summary>
    public float[] Data { get; }

    public Span<float> Row(int index) => Data.AsSpan(index * Columns, Columns);

    /// <summary>Rows [start, start+count) as one span.</summary>
    public Span<float> RowBlock(int start, int count) => Data.AsSpan(start * Columns, count * Columns);

    public float this[int row, int column]
    {
        get => Data[row * Columns + column];
        set => Data[row * Columns + column] = value;
    }
}
