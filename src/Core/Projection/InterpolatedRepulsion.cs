using GalaxyActors.Core.Linalg;

namespace GalaxyActors.Core.Projection;

/// <summary>
/// t-SNE's repulsive forces by FFT-accelerated interpolation (Linderman et al. 2019, FIt-SNE; openTSNE's defaults):
/// the map's square bounding box is cut into at least 50 boxes per axis (one per unit of map width beyond that), each
/// with 3 equispaced interpolation nodes per axis; every point spreads its charges (1, x, y, x²+y²) onto the 3×3 nodes
/// of its box by Lagrange weights, the node grid is convolved with the kernel 1/(1+d²)² by FFT, and each point
/// gathers its potentials back by the same weights. Cost per iteration O(N + G log G) for G grid nodes, against
/// Barnes–Hut's O(N log N) tree walk with far larger constants. Deterministic: each charge grid is filled by one
/// thread in point order.
/// </summary>
internal sealed class InterpolatedRepulsion : IRepulsion
{
    public const int NodesPerBox = 3;
    public const int MinimumBoxes = 50;

    /// <summary>
    /// The most boxes per axis: a 1,536² node grid, about 230 MB for the three grids and 40 ms per transform. A wider
    /// map (far outliers; t-SNE maps of 10⁵ points span about 100 units) is summed by Barnes–Hut for that iteration,
    /// which takes any geometry, rather than by boxes wider than a unit, which would blur every near force.
    /// </summary>
    public const int MaximumBoxes = 256;
    private const int PointBlock = 1024;

    /// <summary>Interpolation nodes within a box, as fractions of its width: (k + ½)/3.</summary>
    private static readonly double[] NodeOffsets = [0.5 / NodesPerBox, 1.5 / NodesPerBox, 2.5 / NodesPerBox];

    private readonly int _count;
    /// <summary>Per point, the grid index of the first of its box's 3×3 nodes and their 9 weights (row by row).</summary>
    private readonly int[] _firstNode;
    private readonly double[] _weights, _centredX, _centredY;
    private double[] _kernelTable = [];
    private GridFft? _fft;
    private BarnesHutRepulsion? _wideMaps;
    private ComplexGrid? _kernel, _onesAndX, _yAndSquares;

    private readonly double _boxesPerUnit;

    /// <param name="boxesPerUnit">Boxes per unit of map width above the minimum: openTSNE's 1, more only to show
    /// the interpolation converging.</param>
    public InterpolatedRepulsion(int pointCount, double boxesPerUnit = 1)
    {
        _boxesPerUnit = boxesPerUnit;
        _count = pointCount;
        _firstNode = new int[pointCount];
        _weights = new double[NodesPerBox * NodesPerBox * pointCount];
        _centredX = new double[pointCount];
        _centredY = new double[pointCount];
    }

    /// <summary>Boxes per axis for a map this wide: at least <see cref="MinimumBoxes"/>, about one per unit, rounded
    /// up to 2^a·3^b so that the padded grid (2 × 3 × boxes) is a length the FFT takes.</summary>
    public static int BoxesFor(double width) => GridFft.SmoothLengthAtLeast(Math.Max(MinimumBoxes, (int)Math.Ceiling(width)));

    public double Compute(double[] positions, double[] repulsion, double[] normaliserParts)
    {
        var n = _count;
        double minX = double.MaxValue, minY = double.MaxValue, maxX = double.MinValue, maxY = double.MinValue;
        for (var i = 0; i < n; i++)
        {
            minX = Math.Min(minX, positions[2 * i]);
            maxX = Math.Max(maxX, positions[2 * i]);
            minY = Math.Min(minY, positions[2 * i + 1]);
            maxY = Math.Max(maxY, positions[2 * i + 1]);
        }
        // Forces do not change when the map moves, so coordinates are taken from its centre: the charge x²+y² and
        // the normaliser's cancellation stay as small as the map allows.
        var centreX = (minX + maxX) / 2;
        var centreY = (minY + maxY) / 2;
        var width = Math.Max(Math.Max(maxX - minX, maxY - minY), 1e-12) * (1 + 1e-9);
        var boxes = BoxesFor(width * _boxesPerUnit);
        if (boxes > MaximumBoxes)
            return (_wideMaps ??= new BarnesHutRepulsion(n, TSneOptions.DefaultTheta)).Compute(positions, repulsion, normaliserParts);
        var boxWidth = width / boxes;
        var nodes = boxes * NodesPerBox;
        var spacing = boxWidth / NodesPerBox;
        PrepareGrids(2 * nodes, spacing);
        var low = -width / 2;

        var stride = _fft!.Stride;
        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };
        Parallel.For(0, (n + PointBlock - 1) / PointBlock, options, block =>
        {
            Span<double> weightsX = stackalloc double[NodesPerBox];
            Span<double> weightsY = stackalloc double[NodesPerBox];
            var end = Math.Min(n, (block + 1) * PointBlock);
            for (var i = block * PointBlock; i < end; i++)
            {
                _centredX[i] = positions[2 * i] - centreX;
                _centredY[i] = positions[2 * i + 1] - centreY;
                var nodeX = LagrangeWeights(_centredX[i], low, boxWidth, boxes, weightsX);
                var nodeY = LagrangeWeights(_centredY[i], low, boxWidth, boxes, weightsY);
                _firstNode[i] = nodeY * stride + nodeX;
                var weights = _weights.AsSpan(NodesPerBox * NodesPerBox * i, NodesPerBox * NodesPerBox);
                for (var a = 0; a < NodesPerBox; a++)
                    for (var b = 0; b < NodesPerBox; b++)
                        weights[NodesPerBox * a + b] = weightsY[a] * weightsX[b];
            }
        });

        var fft = _fft!;
        var onesAndX = _onesAndX!;
        var yAndSquares = _yAndSquares!;
        // Two real charges per complex grid: the kernel's spectrum is real (the kernel is even), so the real and
        // imaginary parts of the product's inverse are the two convolutions, unmixed.
        Parallel.Invoke(
            () => Spread(onesAndX, OnesAndX),
            () => Spread(yAndSquares, YAndSquares));
        fft.Transform(onesAndX, inverse: false, liveColumns: nodes);
        fft.Transform(yAndSquares, inverse: false, liveColumns: nodes);
        MultiplyByKernelSpectrum(onesAndX);
        MultiplyByKernelSpectrum(yAndSquares);
        // Potentials are read at the first `nodes` rows and columns only.
        fft.Transform(onesAndX, inverse: true, liveColumns: fft.Length, neededColumns: nodes);
        fft.Transform(yAndSquares, inverse: true, liveColumns: fft.Length, neededColumns: nodes);

        Parallel.For(0, (n + PointBlock - 1) / PointBlock, options, block =>
        {
            var end = Math.Min(n, (block + 1) * PointBlock);
            for (var i = block * PointBlock; i < end; i++)
            {
                Gather(onesAndX, i, out var ones, out var xs);
                Gather(yAndSquares, i, out var ys, out var squares);
                var x = _centredX[i];
                var y = _centredY[i];
                // Σ_j q²(y_i − y_j) and Σ_j q = Σ_j q²(1 + |y_i − y_j|²), the j = i term (which adds 1) taken out.
                repulsion[2 * i] = x * ones - xs;
                repulsion[2 * i + 1] = y * ones - ys;
                normaliserParts[i] = (1 + x * x + y * y) * ones - 2 * (x * xs + y * ys) + squares - 1;
            }
        });
        double normaliser = 0;
        for (var i = 0; i < n; i++)
            normaliser += normaliserParts[i];
        return Math.Max(normaliser, double.Epsilon);
    }

    /// <summary>The box a coordinate falls in (its first node's index) and the 3 Lagrange weights of its nodes.</summary>
    private static int LagrangeWeights(double coordinate, double low, double boxWidth, int boxes, Span<double> weights)
    {
        var scaled = (coordinate - low) / boxWidth;
        var box = Math.Clamp((int)Math.Floor(scaled), 0, boxes - 1);
        var u = scaled - box;
        for (var k = 0; k < NodesPerBox; k++)
        {
            double weight = 1;
            for (var l = 0; l < NodesPerBox; l++)
                if (l != k)
                    weight *= (u - NodeOffsets[l]) / (NodeOffsets[k] - NodeOffsets[l]);
            weights[k] = weight;
        }
        return box * NodesPerBox;
    }

    private enum Charges { OnesAndX, YAndSquares }

    private const Charges OnesAndX = Charges.OnesAndX;
    private const Charges YAndSquares = Charges.YAndSquares;

    /// <summary>Adds every point's two charges (real, imaginary) to its 3×3 nodes, in point order.</summary>
    private void Spread(ComplexGrid grid, Charges charges)
    {
        grid.Clear();
        var stride = grid.Stride;
        var re = grid.Re;
        var im = grid.Im;
        for (var i = 0; i < _count; i++)
        {
            var x = _centredX[i];
            var y = _centredY[i];
            var (chargeRe, chargeIm) = charges == Charges.OnesAndX ? (1.0, x) : (y, x * x + y * y);
            var weights = _weights.AsSpan(NodesPerBox * NodesPerBox * i, NodesPerBox * NodesPerBox);
            var row = _firstNode[i];
            for (var a = 0; a < NodesPerBox; a++, row += stride)
                for (var b = 0; b < NodesPerBox; b++)
                {
                    var w = weights[NodesPerBox * a + b];
                    re[row + b] += w * chargeRe;
                    im[row + b] += w * chargeIm;
                }
        }
    }

    private void Gather(ComplexGrid grid, int i, out double real, out double imaginary)
    {
        var stride = grid.Stride;
        var re = grid.Re;
        var im = grid.Im;
        var weights = _weights.AsSpan(NodesPerBox * NodesPerBox * i, NodesPerBox * NodesPerBox);
        double sumRe = 0, sumIm = 0;
        var row = _firstNode[i];
        for (var a = 0; a < NodesPerBox; a++, row += stride)
            for (var b = 0; b < NodesPerBox; b++)
            {
                var w = weights[NodesPerBox * a + b];
                sumRe += w * re[row + b];
                sumIm += w * im[row + b];
            }
        real = sumRe;
        imaginary = sumIm;
    }

    /// <summary>Grids for a padded side, made again only when the side changes; the kernel's spectrum every time
    /// (the node spacing changes as the map grows).</summary>
    private void PrepareGrids(int side, double spacing)
    {
        if (_fft is null || _fft.Length != side)
        {
            _fft = new GridFft(side);
            _kernel = _fft.NewGrid();
            _onesAndX = _fft.NewGrid();
            _yAndSquares = _fft.NewGrid();
        }
        var kernel = _kernel!;
        kernel.Clear();
        var stride = kernel.Stride;
        // The kernel at node offsets (dy, dx), 0 ≤ d ≤ side/2, once; the grid takes it at ±d in circular layout
        // (offset d at d and at side − d), so the transform sees an even kernel.
        var half = side / 2;
        if (_kernelTable.Length != (half + 1) * (half + 1))
            _kernelTable = new double[(half + 1) * (half + 1)];
        for (var dy = 0; dy <= half; dy++)
            for (var dx = 0; dx <= half; dx++)
            {
                var d2 = (dx * dx + dy * dy) * spacing * spacing;
                var q = 1.0 / (1.0 + d2);
                _kernelTable[dy * (half + 1) + dx] = q * q;
            }
        for (var r = 0; r < side; r++)
        {
            var tableRow = _kernelTable.AsSpan(Math.Min(r, side - r) * (half + 1), half + 1);
            var gridRow = kernel.Re.AsSpan(r * stride, side);
            tableRow.CopyTo(gridRow);
            for (var c = half + 1; c < side; c++)
                gridRow[c] = tableRow[side - c];
        }
        _fft.Transform(kernel, inverse: false, liveColumns: side);
        // Real (the kernel is even); the inverse transform's 1/side² folded in once here.
        var scale = 1.0 / ((double)side * side);
        for (var e = 0; e < kernel.Re.Length; e++)
            kernel.Re[e] *= scale;
    }

    private void MultiplyByKernelSpectrum(ComplexGrid grid)
    {
        var spectrum = _kernel!.Re;
        System.Numerics.Tensors.TensorPrimitives.Multiply(grid.Re, spectrum, grid.Re);
        System.Numerics.Tensors.TensorPrimitives.Multiply(grid.Im, spectrum, grid.Im);
    }
}
