namespace GalaxyActors.Core.Graph;

/// <summary>
/// The symmetric normalised Laplacian L = I − D^-1/2 W D^-1/2 of a weighted graph, applied as an
/// operator (one sparse product per application) and never formed densely. Like SciPy's
/// csgraph.laplacian(normed=True), an isolated node (degree 0) gets a zero row and column, so it
/// contributes an eigenvalue 0 like any other component.
/// </summary>
public sealed class NormalizedLaplacian
{
    private readonly double[] _scaled;

    public NormalizedLaplacian(SparseMatrix adjacency)
    {
        Adjacency = adjacency;
        Degrees = adjacency.RowSums();
        InverseSqrtDegrees = new double[Degrees.Length];
        for (var i = 0; i < Degrees.Length; i++)
            InverseSqrtDegrees[i] = Degrees[i] > 0 ? 1.0 / Math.Sqrt(Degrees[i]) : 0.0;
        _scaled = new double[adjacency.Size];
    }

    public SparseMatrix Adjacency { get; }
    public int Size => Adjacency.Size;
    public double[] Degrees { get; }

    /// <summary>D^-1/2, with 0 for isolated nodes.</summary>
    public double[] InverseSqrtDegrees { get; }

    /// <summary>y = L x. Not thread-safe (one scratch vector).</summary>
    public void Apply(ReadOnlySpan<double> x, Span<double> y)
    {
        var a = Adjacency;
        var inv = InverseSqrtDegrees;
        for (var i = 0; i < x.Length; i++)
            _scaled[i] = x[i] * inv[i];
        for (var i = 0; i < a.Size; i++)
        {
            double s = 0;
            for (var p = a.RowPointers[i]; p < a.RowPointers[i + 1]; p++)
                s += a.Values[p] * _scaled[a.ColumnIndices[p]];
            var diagonal = Degrees[i] > 0 ? x[i] : 0.0;
            y[i] = diagonal - inv[i] * s;
        }
    }
}
