using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GalaxyActors.Core.Projection;

/// <summary>
/// A point-region quadtree over the 2-D map, rebuilt each t-SNE iteration, for the Barnes–Hut
/// approximation of the repulsive forces: a cell that looks small from a point (width &lt; θ ×
/// distance to its centre of mass) acts as one heavy point. Nodes live in one array and each covers a
/// contiguous range of a permutation of the points, so building allocates nothing after the first
/// time and the traversal is cache-friendly.
/// </summary>
internal sealed class QuadTree
{
    /// <summary>Leaves hold a few points, summed exactly when the leaf is too close to summarise.</summary>
    private const int LeafCapacity = 4;

    /// <summary>Bounds recursion when many points coincide: they then share a deep leaf.</summary>
    private const int MaxDepth = 40;

    /// <summary>24 bytes, so that a node's four children share two cache lines; single precision is
    /// ample for a map a few hundred units across.</summary>
    private struct Node
    {
        public float MassX, MassY, SquaredWidth;
        public int Start, Count, FirstChild;
    }

    private readonly int[] _order;
    private readonly int[] _scratch;
    /// <summary>Positions in tree order (point _order[e] at e), so leaves are read contiguously.</summary>
    private readonly float[] _sortedX, _sortedY;
    private Node[] _nodes;
    private int _nodeCount;
    private double[] _positions = [];

    public QuadTree(int pointCount)
    {
        _order = new int[pointCount];
        _scratch = new int[pointCount];
        _sortedX = new float[pointCount];
        _sortedY = new float[pointCount];
        _nodes = new Node[Math.Max(16, pointCount)];
    }

    /// <summary>Builds the tree over positions laid out x0, y0, x1, y1, …</summary>
    public void Build(double[] positions)
    {
        _positions = positions;
        var n = _order.Length;
        double minX = double.MaxValue, minY = double.MaxValue, maxX = double.MinValue, maxY = double.MinValue;
        for (var i = 0; i < n; i++)
        {
            _order[i] = i;
            var x = positions[2 * i];
            var y = positions[2 * i + 1];
            minX = Math.Min(minX, x);
            maxX = Math.Max(maxX, x);
            minY = Math.Min(minY, y);
            maxY = Math.Max(maxY, y);
        }
        var width = Math.Max(maxX - minX, maxY - minY);
        width = width * (1 + 1e-9) + 1e-12; // the largest point falls strictly inside
        _nodeCount = 1;
        BuildNode(0, 0, n, minX, minY, width, 0);
        for (var e = 0; e < n; e++)
        {
            _sortedX[e] = (float)positions[2 * _order[e]];
            _sortedY[e] = (float)positions[2 * _order[e] + 1];
        }
    }

    private void BuildNode(int node, int start, int count, double x0, double y0, double width, int depth)
    {
        double sumX = 0, sumY = 0;
        for (var e = start; e < start + count; e++)
        {
            sumX += _positions[2 * _order[e]];
            sumY += _positions[2 * _order[e] + 1];
        }
        ref var current = ref _nodes[node];
        current.MassX = count > 0 ? (float)(sumX / count) : 0;
        current.MassY = count > 0 ? (float)(sumY / count) : 0;
        current.SquaredWidth = (float)(width * width);
        current.Start = start;
        current.Count = count;
        current.FirstChild = -1;
        if (count <= LeafCapacity || depth >= MaxDepth)
            return;

        // Stable partition into the four quadrants (0: low x low y, 1: high x, 2: high y, 3: both).
        var half = width / 2;
        var midX = x0 + half;
        var midY = y0 + half;
        Span<int> sizes = stackalloc int[4];
        for (var e = start; e < start + count; e++)
            sizes[Quadrant(_order[e], midX, midY)]++;
        Span<int> offsets = stackalloc int[4];
        offsets[0] = start;
        for (var q = 1; q < 4; q++)
            offsets[q] = offsets[q - 1] + sizes[q - 1];
        Span<int> fill = stackalloc int[4];
        offsets.CopyTo(fill);
        for (var e = start; e < start + count; e++)
        {
            var point = _order[e];
            _scratch[fill[Quadrant(point, midX, midY)]++] = point;
        }
        _scratch.AsSpan(start, count).CopyTo(_order.AsSpan(start, count));

        var first = _nodeCount;
        _nodeCount += 4;
        if (_nodeCount > _nodes.Length)
            Array.Resize(ref _nodes, Math.Max(_nodeCount, _nodes.Length * 2));
        _nodes[node].FirstChild = first; // re-indexed: the array may have moved
        for (var q = 0; q < 4; q++)
            BuildNode(first + q, offsets[q], sizes[q], x0 + ((q & 1) != 0 ? half : 0), y0 + ((q & 2) != 0 ? half : 0), half, depth + 1);
    }

    private int Quadrant(int point, double midX, double midY) =>
        (_positions[2 * point] >= midX ? 1 : 0) + (_positions[2 * point + 1] >= midY ? 2 : 0);

    /// <summary>
    /// Unnormalised repulsion on point i: Σ_j q_ij² (y_i − y_j) and the partial normaliser
    /// Σ_j q_ij, with q_ij = 1/(1 + |y_i − y_j|²), over all j ≠ i, far cells summarised.
    /// </summary>
    public void Repulsion(int i, double thetaSquared, out double forceX, out double forceY, out double normaliser)
    {
        var xi = (float)_positions[2 * i];
        var yi = (float)_positions[2 * i + 1];
        var theta2 = (float)thetaSquared;
        double fx = 0, fy = 0, z = 0;
        Span<int> stack = stackalloc int[4 * MaxDepth + 8];
        ref var nodes = ref MemoryMarshal.GetArrayDataReference(_nodes);
        ref var sortedX = ref MemoryMarshal.GetArrayDataReference(_sortedX);
        ref var sortedY = ref MemoryMarshal.GetArrayDataReference(_sortedY);
        var top = 0;
        if (_nodes[0].Count > 0)
            stack[top++] = 0;
        while (top > 0)
        {
            ref readonly var node = ref Unsafe.Add(ref nodes, stack[--top]);
            var dx = xi - node.MassX;
            var dy = yi - node.MassY;
            var d2 = dx * dx + dy * dy;
            if (node.SquaredWidth < theta2 * d2)
            {
                var q = 1f / (1f + d2);
                var weight = node.Count * q * q;
                z += node.Count * q;
                fx += weight * dx;
                fy += weight * dy;
            }
            else if (node.FirstChild < 0)
            {
                for (var e = node.Start; e < node.Start + node.Count; e++)
                {
                    var ex = xi - Unsafe.Add(ref sortedX, e);
                    var ey = yi - Unsafe.Add(ref sortedY, e);
                    var e2 = ex * ex + ey * ey;
                    if (e2 == 0 && _order[e] == i)
                        continue; // the point itself
                    var q = 1f / (1f + e2);
                    z += q;
                    fx += q * q * ex;
                    fy += q * q * ey;
                }
            }
            else
            {
                for (var child = node.FirstChild + 3; child >= node.FirstChild; child--)
                    if (Unsafe.Add(ref nodes, child).Count > 0)
                        stack[top++] = child;
            }
        }
        forceX = fx;
        forceY = fy;
        normaliser = z;
    }
}
