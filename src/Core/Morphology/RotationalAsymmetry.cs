using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace GalaxyActors.Core.Morphology;

/// <summary>
/// Rotational asymmetry (Conselice, Bershady &amp; Jangren 2000; Conselice 2003): A = Σ|I − I₁₈₀| / Σ|I| − A_sky.
/// <para>Centres: 180° rotations about integer and half-integer points map pixels onto pixels exactly (no
/// interpolation), so a point-symmetric image gives exactly 0. The search starts at the half-pixel point nearest the
/// flux centroid and walks to the best of the 8 neighbouring half-pixel points while that lowers A, at most
/// <see cref="MaxShift"/> pixels away.</para>
/// <para>Region: the segment S together with its rotation R(S) (so every pixel pair is counted from both sides, as in a
/// circular aperture about the centre); pairs whose rotated pixel leaves the image are left out.</para>
/// <para>Sky: the mean |I(p) − I(Rp)| over border-frame pixels p whose rotation about the same centre is also sky (both
/// within the sky clip range and outside the segment), times the region's area, over Σ|I| — the noise's own asymmetry
/// measured with the same rotation, which vanishes for point-symmetric noise.</para>
/// </summary>
internal sealed class RotationalAsymmetry
{
    public const int MaxShift = 4;
    private const int Span2 = 2 * MaxShift; // search half-width in half-pixels
    private const int Grid = 2 * Span2 + 1;

    private readonly int _height, _width;
    private readonly double[] _cache = new double[Grid * Grid];
    private readonly float[] _mask;
    private int _x0, _x1, _y0, _y1; // the segment's bounding box

    public RotationalAsymmetry(int height, int width)
    {
        _height = height;
        _width = width;
        _mask = new float[height * width];
    }

    public double Measure(ReadOnlySpan<float> image, ReadOnlySpan<byte> labels, ReadOnlySpan<int> segment,
        ReadOnlySpan<int> xs, ReadOnlySpan<int> ys, ReadOnlySpan<int> frame, SkyBackground.Sky sky, double centroidX, double centroidY)
    {
        var mask = _mask.AsSpan();
        mask.Clear();
        _x0 = _y0 = int.MaxValue;
        _x1 = _y1 = int.MinValue;
        for (var i = 0; i < segment.Length; i++)
        {
            mask[segment[i]] = 1;
            _x0 = Math.Min(_x0, xs[i]);
            _x1 = Math.Max(_x1, xs[i]);
            _y0 = Math.Min(_y0, ys[i]);
            _y1 = Math.Max(_y1, ys[i]);
        }
        var startX = (int)Math.Round(2 * centroidX, MidpointRounding.AwayFromZero);
        var startY = (int)Math.Round(2 * centroidY, MidpointRounding.AwayFromZero);
        _cache.AsSpan().Fill(double.NaN);
        int ox = Span2, oy = Span2; // current offset in the grid
        var current = Evaluate(image, labels, segment, xs, ys, startX, startY, ox, oy);
        while (true)
        {
            int bestX = ox, bestY = oy;
            var best = current;
            for (var dy = -1; dy <= 1; dy++)
                for (var dx = -1; dx <= 1; dx++)
                {
                    int gx = ox + dx, gy = oy + dy;
                    if ((dx == 0 && dy == 0) || gx < 0 || gy < 0 || gx >= Grid || gy >= Grid)
                        continue;
                    var value = Evaluate(image, labels, segment, xs, ys, startX, startY, gx, gy);
                    if (value < best)
                    {
                        best = value;
                        bestX = gx;
                        bestY = gy;
                    }
                }
            if (bestX == ox && bestY == oy)
                break;
            ox = bestX;
            oy = bestY;
            current = best;
        }
        if (double.IsNaN(current))
            return double.NaN;
        var centreX2 = startX + ox - Span2;
        var centreY2 = startY + oy - Span2;
        var (difference, absolute) = Sums(image, labels, segment, xs, ys, centreX2, centreY2, out var area);
        var perPixel = SkyPerPixel(image, labels, frame, sky, centreX2, centreY2);
        return (difference - area * perPixel) / absolute;
    }

    private double Evaluate(ReadOnlySpan<float> image, ReadOnlySpan<byte> labels, ReadOnlySpan<int> segment,
        ReadOnlySpan<int> xs, ReadOnlySpan<int> ys, int startX, int startY, int gx, int gy)
    {
        var slot = gy * Grid + gx;
        if (!double.IsNaN(_cache[slot]))
            return _cache[slot];
        var (difference, absolute) = Sums(image, labels, segment, xs, ys, startX + gx - Span2, startY + gy - Span2, out _);
        // An empty or lightless region can never be the minimum.
        var value = absolute > 0 ? difference / absolute : double.PositiveInfinity;
        _cache[slot] = value;
        return value;
    }

    /// <summary>Σ|I − I₁₈₀| and Σ|I| over S ∪ R(S) for the rotation about (centreX2/2, centreY2/2): every pixel p of the
    /// union's bounding box weighted by u = max(m(p), m(Rp)), m the segment's 0/1 mask, rows read forwards against their
    /// rotated rows read backwards (8 lanes at a time where the hardware has 256-bit vectors).</summary>
    private (double Difference, double Absolute) Sums(ReadOnlySpan<float> image, ReadOnlySpan<byte> labels,
        ReadOnlySpan<int> segment, ReadOnlySpan<int> xs, ReadOnlySpan<int> ys, int centreX2, int centreY2, out int area)
    {
        int w = _width, h = _height;
        // Union box, clipped so both p and Rp lie in the image.
        var x0 = Math.Max(Math.Max(0, centreX2 - (w - 1)), Math.Min(_x0, centreX2 - _x1));
        var x1 = Math.Min(Math.Min(w - 1, centreX2), Math.Max(_x1, centreX2 - _x0));
        var y0 = Math.Max(Math.Max(0, centreY2 - (h - 1)), Math.Min(_y0, centreY2 - _y1));
        var y1 = Math.Min(Math.Min(h - 1, centreY2), Math.Max(_y1, centreY2 - _y0));
        float difference = 0, absolute = 0, weight = 0;
        ReadOnlySpan<float> mask = _mask;
        ref var pixels = ref MemoryMarshal.GetReference(image);
        ref var masks = ref MemoryMarshal.GetReference(mask);
        var reverse = Vector256.Create(7, 6, 5, 4, 3, 2, 1, 0);
        var vDifference = Vector256<float>.Zero;
        var vAbsolute = Vector256<float>.Zero;
        var vWeight = Vector256<float>.Zero;
        for (var y = y0; y <= y1; y++)
        {
            var rowP = y * w;
            var rowQ = (centreY2 - y) * w + centreX2; // index of Rp is rowQ − x
            var x = x0;
            if (Vector256.IsHardwareAccelerated)
            {
                for (; x + 8 <= x1 + 1; x += 8)
                {
                    var p = (nuint)(rowP + x);
                    var q = (nuint)(rowQ - x - 7);
                    var here = Vector256.LoadUnsafe(ref pixels, p);
                    var there = Vector256.Shuffle(Vector256.LoadUnsafe(ref pixels, q), reverse);
                    var u = Vector256.Max(Vector256.LoadUnsafe(ref masks, p), Vector256.Shuffle(Vector256.LoadUnsafe(ref masks, q), reverse));
                    vDifference += u * Vector256.Abs(here - there);
                    vAbsolute += u * Vector256.Abs(here);
                    vWeight += u;
                }
            }
            for (; x <= x1; x++)
            {
                var u = Math.Max(mask[rowP + x], mask[rowQ - x]);
                difference += u * Math.Abs(image[rowP + x] - image[rowQ - x]);
                absolute += u * Math.Abs(image[rowP + x]);
                weight += u;
            }
        }
        difference += Vector256.Sum(vDifference);
        absolute += Vector256.Sum(vAbsolute);
        weight += Vector256.Sum(vWeight);
        area = (int)weight;
        return (difference, absolute);
    }

    private double SkyPerPixel(ReadOnlySpan<float> image, ReadOnlySpan<byte> labels, ReadOnlySpan<int> frame,
        SkyBackground.Sky sky, int centreX2, int centreY2)
    {
        double sum = 0;
        var pairs = 0;
        var w = _width;
        var skySigma = sky with { Median = 0 }; // the image is sky-subtracted
        foreach (var p in frame)
        {
            var y = p / w;
            var x = p - y * w;
            var rx = centreX2 - x;
            var ry = centreY2 - y;
            if ((uint)rx >= (uint)w || (uint)ry >= (uint)_height)
                continue;
            var q = ry * w + rx;
            if (labels[p] == GalaxySegmenter.InSegment || labels[q] == GalaxySegmenter.InSegment)
                continue;
            if (!skySigma.Keeps(image[p]) || !skySigma.Keeps(image[q]))
                continue;
            sum += Math.Abs(image[p] - image[q]);
            pairs++;
        }
        return pairs > 0 ? sum / pairs : 0;
    }
}
