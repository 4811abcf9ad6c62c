namespace GalaxyActors.Core.Projection;

/// <summary>How a t-SNE iteration sums the repulsive forces over all pairs of map points.</summary>
internal interface IRepulsion
{
    /// <summary>Fills, per point i, the unnormalised repulsion Σ_{j≠i} q_ij² (y_i − y_j) (x then y) and the partial
    /// normaliser Σ_{j≠i} q_ij, with q_ij = 1/(1 + |y_i − y_j|²); returns Z = Σ_{i≠j} q_ij summed in point order.</summary>
    double Compute(double[] positions, double[] repulsion, double[] normaliserParts);
}

/// <summary>The quadtree approximation (van der Maaten 2014): a far cell acts as one heavy point.</summary>
internal sealed class BarnesHutRepulsion(int pointCount, double theta) : IRepulsion
{
    private const int Block = 256;
    private readonly QuadTree _tree = new(pointCount);
    private readonly double _thetaSquared = theta * theta;

    public double Compute(double[] positions, double[] repulsion, double[] normaliserParts)
    {
        _tree.Build(positions);
        var n = normaliserParts.Length;
        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };
        Parallel.For(0, (n + Block - 1) / Block, options, block =>
        {
            var end = Math.Min(n, (block + 1) * Block);
            for (var i = block * Block; i < end; i++)
            {
                _tree.Repulsion(i, _thetaSquared, out var fx, out var fy, out var z);
                repulsion[2 * i] = fx;
                repulsion[2 * i + 1] = fy;
                normaliserParts[i] = z;
            }
        });
        double normaliser = 0;
        for (var i = 0; i < n; i++)
            normaliser += normaliserParts[i];
        return Math.Max(normaliser, double.Epsilon);
    }
}
