using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GalaxyActors.Core.Linalg;

/// <summary>
/// The 2-D discrete Fourier transform of a square complex grid whose side is 2^a·3^b, for the FFT-interpolated t-SNE.
/// MathNet's managed FFT has no 2-D transform and takes 14–126 ms per 256²–300² grid here (docs/BENCHMARKS.md), more
/// than a whole Barnes–Hut iteration; this one transforms all columns of a row-major grid at once (a Stockham
/// autosort FFT whose every element is a grid row, so each butterfly is a SIMD loop along contiguous rows), then
/// transposes and does the same again. Deterministic: no sum's order depends on threads.
/// </summary>
public sealed class GridFft
{
    /// <summary>Columns a thread transforms at a time (whole stages over them, then the next band).</summary>
    private const int ColumnBand = 64;

    private readonly int[] _radices;
    private readonly Stage[] _forward, _inverse;

    /// <summary>The grid's side: <see cref="SmoothLengthAtLeast"/>-shaped.</summary>
    public int Length { get; }

    /// <summary>Doubles between the starts of two rows: <see cref="Length"/> rounded up to whole SIMD vectors.</summary>
    public int Stride { get; }

    public GridFft(int length)
    {
        if (length < 1 || SmoothLengthAtLeast(length) != length)
            throw new ArgumentOutOfRangeException(nameof(length), length, "The grid side must be 2^a·3^b.");
        Length = length;
        var lanes = Vector<double>.Count;
        Stride = (length + lanes - 1) / lanes * lanes;
        _radices = Radices(length);
        _forward = Stages(length, _radices, -1);
        _inverse = Stages(length, _radices, +1);
    }

    /// <summary>The smallest 2^a·3^b that is at least <paramref name="n"/>.</summary>
    public static int SmoothLengthAtLeast(int n)
    {
        var best = int.MaxValue;
        for (long power2 = 1; power2 < 2L * Math.Max(n, 1); power2 *= 2)
            for (var value = power2; ; value *= 3)
            {
                if (value >= n)
                {
                    best = (int)Math.Min(best, value);
                    break;
                }
            }
        return best;
    }

    /// <summary>A zeroed grid of this transform's shape (<see cref="Length"/> rows of <see cref="Stride"/>).</summary>
    public ComplexGrid NewGrid() => new(Length, Stride);

    /// <summary>
    /// The 2-D transform X[u,v] = Σ x[r,c] e^{∓2πi(ur + vc)/L} (− forward, + inverse, unscaled), held transposed:
    /// the forward result's element [v,u] is X[u,v], and the inverse of such a grid gives back the original layout.
    /// Pointwise products of transposed spectra are the transposed spectrum of a circular convolution.
    /// </summary>
    /// <param name="liveColumns">Columns of the input that may be non-zero (the rest must be zero): the first pass
    /// transforms only those.</param>
    /// <param name="neededColumns">Columns of the result the caller reads: the second pass transforms only those
    /// (rounded up to whole SIMD vectors), and the others hold stale values.</param>
    public void Transform(ComplexGrid grid, bool inverse, int liveColumns, int neededColumns = int.MaxValue)
    {
        if (grid.Length != Length || grid.Stride != Stride)
            throw new ArgumentException("The grid was not made by this transform.", nameof(grid));
        TransformColumns(grid, inverse, Math.Clamp(liveColumns, 1, Length), clearRest: true);
        grid.Transpose();
        TransformColumns(grid, inverse, Math.Clamp(neededColumns, 1, Length), clearRest: false);
    }

    private void TransformColumns(ComplexGrid grid, bool inverse, int columns, bool clearRest)
    {
        var stages = inverse ? _inverse : _forward;
        var bands = (columns + ColumnBand - 1) / ColumnBand;
        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };
        Parallel.For(0, bands, options, band =>
        {
            var first = band * ColumnBand;
            var width = Math.Min(ColumnBand, columns - first);
            width = (width + Vector<double>.Count - 1) / Vector<double>.Count * Vector<double>.Count;
            var fromRe = grid.Re; var fromIm = grid.Im;
            var toRe = grid.SpareRe; var toIm = grid.SpareIm;
            var span = 1;
            foreach (var stage in stages)
            {
                RunStage(stage, span, first, width, fromRe, fromIm, toRe, toIm);
                span *= stage.Radix;
                (fromRe, toRe) = (toRe, fromRe);
                (fromIm, toIm) = (toIm, fromIm);
            }
        });
        if (stages.Length % 2 == 1)
            grid.SwapWithSpare();
        if (clearRest && columns < Length)
            grid.ClearColumnsFrom(columns + (Vector<double>.Count - columns % Vector<double>.Count) % Vector<double>.Count);
    }

    /// <summary>
    /// One decimation-in-frequency Stockham stage over rows: for p &lt; n/r and q &lt; span, the r rows
    /// q + span·(p + j·n/r) go through an r-point DFT and come out, twiddled by w^{p·k}, as rows q + span·(r·p + k).
    /// </summary>
    private void RunStage(Stage stage, int span, int firstColumn, int width,
        double[] fromRe, double[] fromIm, double[] toRe, double[] toIm)
    {
        var radix = stage.Radix;
        var n = Length / span;
        var m = n / radix;
        for (var p = 0; p < m; p++)
            for (var q = 0; q < span; q++)
            {
                var input = (q + span * p) * Stride + firstColumn;
                var inputStep = span * m * Stride;
                var output = (q + span * radix * p) * Stride + firstColumn;
                var outputStep = span * Stride;
                var twiddles = stage.Twiddles.AsSpan(2 * radix * p, 2 * radix);
                switch (radix)
                {
                    case 4:
                        Butterfly4(fromRe, fromIm, toRe, toIm, input, inputStep, output, outputStep, width, twiddles, stage.Sign);
                        break;
                    case 3:
                        Butterfly3(fromRe, fromIm, toRe, toIm, input, inputStep, output, outputStep, width, twiddles, stage.Sign);
                        break;
                    default:
                        Butterfly2(fromRe, fromIm, toRe, toIm, input, inputStep, output, outputStep, width, twiddles);
                        break;
                }
            }
    }

    private static void Butterfly2(double[] fromRe, double[] fromIm, double[] toRe, double[] toIm,
        int input, int inputStep, int output, int outputStep, int width, ReadOnlySpan<double> twiddles)
    {
        ref var xr = ref MemoryMarshal.GetArrayDataReference(fromRe);
        ref var xi = ref MemoryMarshal.GetArrayDataReference(fromIm);
        ref var yr = ref MemoryMarshal.GetArrayDataReference(toRe);
        ref var yi = ref MemoryMarshal.GetArrayDataReference(toIm);
        var w1r = new Vector<double>(twiddles[2]);
        var w1i = new Vector<double>(twiddles[3]);
        for (var c = 0; c < width; c += Vector<double>.Count)
        {
            var a = (nuint)(input + c);
            var b = (nuint)(input + inputStep + c);
            var ar = Vector.LoadUnsafe(ref xr, a); var ai = Vector.LoadUnsafe(ref xi, a);
            var br = Vector.LoadUnsafe(ref xr, b); var bi = Vector.LoadUnsafe(ref xi, b);
            var o0 = (nuint)(output + c);
            var o1 = (nuint)(output + outputStep + c);
            (ar + br).StoreUnsafe(ref yr, o0);
            (ai + bi).StoreUnsafe(ref yi, o0);
            var dr = ar - br; var di = ai - bi;
            StoreTwiddled(dr, di, w1r, w1i, ref yr, ref yi, o1);
        }
    }

    private static void Butterfly3(double[] fromRe, double[] fromIm, double[] toRe, double[] toIm,
        int input, int inputStep, int output, int outputStep, int width, ReadOnlySpan<double> twiddles, int sign)
    {
        ref var xr = ref MemoryMarshal.GetArrayDataReference(fromRe);
        ref var xi = ref MemoryMarshal.GetArrayDataReference(fromIm);
        ref var yr = ref MemoryMarshal.GetArrayDataReference(toRe);
        ref var yi = ref MemoryMarshal.GetArrayDataReference(toIm);
        var w1r = new Vector<double>(twiddles[2]); var w1i = new Vector<double>(twiddles[3]);
        var w2r = new Vector<double>(twiddles[4]); var w2i = new Vector<double>(twiddles[5]);
        // ω = e^{∓2πi/3} = −1/2 ± i·sin: X1 = a − (b+c)/2 + i·s·(b − c), X2 = a − (b+c)/2 − i·s·(b − c).
        var half = new Vector<double>(0.5);
        var s = new Vector<double>(sign * Math.Sqrt(3) / 2);
        for (var col = 0; col < width; col += Vector<double>.Count)
        {
            var ia = (nuint)(input + col);
            var ib = (nuint)(input + inputStep + col);
            var ic = (nuint)(input + 2 * inputStep + col);
            var ar = Vector.LoadUnsafe(ref xr, ia); var ai = Vector.LoadUnsafe(ref xi, ia);
            var br = Vector.LoadUnsafe(ref xr, ib); var bi = Vector.LoadUnsafe(ref xi, ib);
            var cr = Vector.LoadUnsafe(ref xr, ic); var ci = Vector.LoadUnsafe(ref xi, ic);
            var tr = br + cr; var ti = bi + ci;
            var mr = ar - tr * half; var mi = ai - ti * half;
            var er = (br - cr) * s; var ei = (bi - ci) * s; // s·(b − c); times i is (−ei, er)
            var o0 = (nuint)(output + col);
            var o1 = (nuint)(output + outputStep + col);
            var o2 = (nuint)(output + 2 * outputStep + col);
            (ar + tr).StoreUnsafe(ref yr, o0);
            (ai + ti).StoreUnsafe(ref yi, o0);
            var x1r = mr - ei; var x1i = mi + er;
            var x2r = mr + ei; var x2i = mi - er;
            StoreTwiddled(x1r, x1i, w1r, w1i, ref yr, ref yi, o1);
            StoreTwiddled(x2r, x2i, w2r, w2i, ref yr, ref yi, o2);
        }
    }

    private static void Butterfly4(double[] fromRe, double[] fromIm, double[] toRe, double[] toIm,
        int input, int inputStep, int output, int outputStep, int width, ReadOnlySpan<double> twiddles, int sign)
    {
        ref var xr = ref MemoryMarshal.GetArrayDataReference(fromRe);
        ref var xi = ref MemoryMarshal.GetArrayDataReference(fromIm);
        ref var yr = ref MemoryMarshal.GetArrayDataReference(toRe);
        ref var yi = ref MemoryMarshal.GetArrayDataReference(toIm);
        var w1r = new Vector<double>(twiddles[2]); var w1i = new Vector<double>(twiddles[3]);
        var w2r = new Vector<double>(twiddles[4]); var w2i = new Vector<double>(twiddles[5]);
        var w3r = new Vector<double>(twiddles[6]); var w3i = new Vector<double>(twiddles[7]);
        var forward = sign < 0;
        for (var col = 0; col < width; col += Vector<double>.Count)
        {
            var ia = (nuint)(input + col);
            var ib = (nuint)(input + inputStep + col);
            var ic = (nuint)(input + 2 * inputStep + col);
            var id = (nuint)(input + 3 * inputStep + col);
            var ar = Vector.LoadUnsafe(ref xr, ia); var ai = Vector.LoadUnsafe(ref xi, ia);
            var br = Vector.LoadUnsafe(ref xr, ib); var bi = Vector.LoadUnsafe(ref xi, ib);
            var cr = Vector.LoadUnsafe(ref xr, ic); var ci = Vector.LoadUnsafe(ref xi, ic);
            var dr = Vector.LoadUnsafe(ref xr, id); var di = Vector.LoadUnsafe(ref xi, id);
            var sacR = ar + cr; var sacI = ai + ci;
            var dacR = ar - cr; var dacI = ai - ci;
            var sbdR = br + dr; var sbdI = bi + di;
            var dbdR = br - dr; var dbdI = bi - di;
            // ω = ∓i: X1 = (a − c) ∓ i(b − d), X3 = (a − c) ± i(b − d); −i·z = (z.i, −z.r).
            var rotR = forward ? dbdI : -dbdI;
            var rotI = forward ? -dbdR : dbdR;
            var x1r = dacR + rotR; var x1i = dacI + rotI;
            var x2r = sacR - sbdR; var x2i = sacI - sbdI;
            var x3r = dacR - rotR; var x3i = dacI - rotI;
            var o0 = (nuint)(output + col);
            var o1 = (nuint)(output + outputStep + col);
            var o2 = (nuint)(output + 2 * outputStep + col);
            var o3 = (nuint)(output + 3 * outputStep + col);
            (sacR + sbdR).StoreUnsafe(ref yr, o0);
            (sacI + sbdI).StoreUnsafe(ref yi, o0);
            StoreTwiddled(x1r, x1i, w1r, w1i, ref yr, ref yi, o1);
            StoreTwiddled(x2r, x2i, w2r, w2i, ref yr, ref yi, o2);
            StoreTwiddled(x3r, x3i, w3r, w3i, ref yr, ref yi, o3);
        }
    }

    /// <summary>Stores the complex product (re + i·im)(wr + i·wi) at <paramref name="offset"/> of the output rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreTwiddled(Vector<double> re, Vector<double> im, Vector<double> wr, Vector<double> wi,
        ref double outRe, ref double outIm, nuint offset)
    {
        (re * wr - im * wi).StoreUnsafe(ref outRe, offset);
        (re * wi + im * wr).StoreUnsafe(ref outIm, offset);
    }

    /// <summary>Radix 4 while four divides, then 2, then 3s: fewer passes over the grid than radix 2 alone.</summary>
    private static int[] Radices(int length)
    {
        var radices = new List<int>();
        while (length % 4 == 0) { radices.Add(4); length /= 4; }
        while (length % 2 == 0) { radices.Add(2); length /= 2; }
        while (length % 3 == 0) { radices.Add(3); length /= 3; }
        return [.. radices];
    }

    /// <summary>Per stage, the twiddles w^{p·k} (w = e^{sign·2πi/n}, n the stage's sub-length) as (re, im) pairs.</summary>
    private static Stage[] Stages(int length, int[] radices, int sign)
    {
        var stages = new Stage[radices.Length];
        var n = length;
        for (var s = 0; s < radices.Length; s++)
        {
            var radix = radices[s];
            var m = n / radix;
            var twiddles = new double[2 * radix * m];
            for (var p = 0; p < m; p++)
                for (var k = 0; k < radix; k++)
                {
                    // The exponent reduced modulo n keeps the angle small, so cos/sin stay exact to the last bit.
                    var angle = sign * 2 * Math.PI * ((long)p * k % n) / n;
                    twiddles[2 * (radix * p + k)] = Math.Cos(angle);
                    twiddles[2 * (radix * p + k) + 1] = Math.Sin(angle);
                }
            stages[s] = new Stage(radix, sign, twiddles);
            n = m;
        }
        return stages;
    }

    private sealed record Stage(int Radix, int Sign, double[] Twiddles);
}

/// <summary>A square complex grid in split real/imaginary row-major arrays, with the spare pair a transform
/// ping-pongs through.</summary>
public sealed class ComplexGrid
{
    public int Length { get; }
    public int Stride { get; }
    public double[] Re { get; private set; }
    public double[] Im { get; private set; }
    internal double[] SpareRe { get; private set; }
    internal double[] SpareIm { get; private set; }

    internal ComplexGrid(int length, int stride)
    {
        Length = length;
        Stride = stride;
        Re = new double[length * stride];
        Im = new double[length * stride];
        SpareRe = new double[length * stride];
        SpareIm = new double[length * stride];
    }

    public void Clear()
    {
        Array.Clear(Re);
        Array.Clear(Im);
    }

    internal void SwapWithSpare()
    {
        (Re, SpareRe) = (SpareRe, Re);
        (Im, SpareIm) = (SpareIm, Im);
    }

    internal void ClearColumnsFrom(int column)
    {
        if (column >= Stride)
            return;
        for (var r = 0; r < Length; r++)
        {
            Array.Clear(Re, r * Stride + column, Stride - column);
            Array.Clear(Im, r * Stride + column, Stride - column);
        }
    }

    /// <summary>Swaps [r,c] with [c,r] in place, in tiles so that both sides stay in cache.</summary>
    internal void Transpose()
    {
        const int tile = 32;
        for (var r0 = 0; r0 < Length; r0 += tile)
            for (var c0 = r0; c0 < Length; c0 += tile)
            {
                var rEnd = Math.Min(Length, r0 + tile);
                var cEnd = Math.Min(Length, c0 + tile);
                for (var r = r0; r < rEnd; r++)
                    for (var c = c0 == r0 ? r + 1 : c0; c < cEnd; c++)
                    {
                        var a = r * Stride + c;
                        var b = c * Stride + r;
                        (Re[a], Re[b]) = (Re[b], Re[a]);
                        (Im[a], Im[b]) = (Im[b], Im[a]);
                    }
            }
    }
}
