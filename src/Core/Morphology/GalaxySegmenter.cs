using System.Numerics.Tensors;

namespace GalaxyActors.Core.Morphology;

/// <summary>
/// The central galaxy's segment: pixels of the sky-subtracted luminance above a threshold, the 8-connected component
/// holding the pixel nearest the image centre (or, when that pixel is below threshold, the nearest pixel above it within
/// a quarter of the image's smaller side).
/// <para>Noisy images (σ &gt; 0) are smoothed with a 3×3 box first and thresholded at <see cref="ThresholdSigmas"/>·σ,
/// σ the raw sky noise (≈ 4.5σ of the smoothed noise: a clean segment that still reaches the outskirts, like a
/// photutils detection at 1.5σ after smoothing). Noise-free images (σ = 0, synthetic and analytic test images) are not
/// smoothed and keep every pixel above <see cref="NoiseFreeFraction"/> of the peak, i.e. the whole rendered profile.</para>
/// </summary>
internal sealed class GalaxySegmenter
{
    public const float ThresholdSigmas = 1.5f;
    public const float NoiseFreeFraction = 1e-6f;

    /// <summary>Label of a pixel in <see cref="Labels"/>.</summary>
    public const byte Below = 0, Above = 1, InSegment = 2;

    private readonly int _height, _width;
    private readonly float[] _smoothed;
    private readonly float[] _rowSums;
    private readonly int[] _stack;

    public GalaxySegmenter(int height, int width)
    {
        _height = height;
        _width = width;
        _smoothed = new float[height * width];
        _rowSums = new float[height * width];
        _stack = new int[height * width];
        Labels = new byte[height * width];
        Segment = new int[height * width];
        SegmentX = new int[height * width];
        SegmentY = new int[height * width];
    }

    /// <summary><see cref="InSegment"/> for segment pixels after <see cref="Run"/>.</summary>
    public byte[] Labels { get; }

    /// <summary>Row-major indices of the segment's pixels, the first <see cref="Run"/>'s return value of them.</summary>
    public int[] Segment { get; }

    /// <summary>Column and row of each <see cref="Segment"/> pixel (saves the hot loops a division per pixel).</summary>
    public int[] SegmentX { get; }

    /// <inheritdoc cref="SegmentX"/>
    public int[] SegmentY { get; }

    /// <summary>Segments <paramref name="image"/> (sky-subtracted); returns the number of segment pixels (0: none).</summary>
    public int Run(ReadOnlySpan<float> image, float sigma)
    {
        var n = _height * _width;
        var labels = Labels.AsSpan(0, n);
        var peak = TensorPrimitives.Max(image[..n]);
        ReadOnlySpan<float> detect;
        float threshold;
        if (sigma > 0)
        {
            Smooth(image, _smoothed);
            detect = _smoothed;
            threshold = ThresholdSigmas * sigma;
        }
        else
        {
            if (!(peak > 0))
                return 0;
            detect = image;
            threshold = NoiseFreeFraction * peak;
        }
        for (var p = 0; p < n; p++)
            labels[p] = detect[p] > threshold ? Above : Below;

        var seed = Seed(labels);
        if (seed < 0)
            return 0;
        Fill(labels, seed);
        var count = 0;
        for (int y = 0, p = 0; y < _height; y++)
            for (var x = 0; x < _width; x++, p++)
                if (labels[p] == InSegment)
                {
                    Segment[count] = p;
                    SegmentX[count] = x;
                    SegmentY[count] = y;
                    count++;
                }
        return count;
    }

    private int Seed(ReadOnlySpan<byte> labels)
    {
        var cy = (_height - 1) * 0.5;
        var cx = (_width - 1) * 0.5;
        var best = -1;
        var bestDistance = Math.Min(_height, _width) * 0.25;
        bestDistance *= bestDistance;
        // The central pixel(s) first: for odd sizes one pixel, for even the lowest-index of the central four.
        for (var y = (int)Math.Floor(cy); y <= (int)Math.Ceiling(cy); y++)
            for (var x = (int)Math.Floor(cx); x <= (int)Math.Ceiling(cx); x++)
                if (labels[y * _width + x] == Above)
                    return y * _width + x;
        for (var y = 0; y < _height; y++)
            for (var x = 0; x < _width; x++)
            {
                if (labels[y * _width + x] != Above)
                    continue;
                var d = (y - cy) * (y - cy) + (x - cx) * (x - cx);
                if (d < bestDistance)
                {
                    bestDistance = d;
                    best = y * _width + x;
                }
            }
        return best;
    }

    private void Fill(Span<byte> labels, int seed)
    {
        var stack = _stack;
        var top = 0;
        stack[top++] = seed;
        labels[seed] = InSegment;
        while (top > 0)
        {
            var p = stack[--top];
            var y = p / _width;
            var x = p - y * _width;
            var y0 = Math.Max(0, y - 1);
            var y1 = Math.Min(_height - 1, y + 1);
            var x0 = Math.Max(0, x - 1);
            var x1 = Math.Min(_width - 1, x + 1);
            for (var yy = y0; yy <= y1; yy++)
                for (var xx = x0; xx <= x1; xx++)
                {
                    var q = yy * _width + xx;
                    if (labels[q] == Above)
                    {
                        labels[q] = InSegment;
                        stack[top++] = q;
                    }
                }
        }
    }

    /// <summary>3×3 box mean, over the neighbours inside the image at the edges (separable: rows, then columns). The outer
    /// pair is added first so a point-symmetric image smooths to a point-symmetric one bit for bit.</summary>
    private void Smooth(ReadOnlySpan<float> image, Span<float> output)
    {
        int h = _height, w = _width, n = h * w;
        var rows = _rowSums.AsSpan(0, n);
        // Rows: left + right + centre over the whole plane at once, then the first and last column of each row redone.
        TensorPrimitives.Add(image[..(n - 2)], image[2..], rows[1..(n - 1)]);
        TensorPrimitives.Add(rows[1..(n - 1)], image[1..(n - 1)], rows[1..(n - 1)]);
        TensorPrimitives.Multiply(rows[1..(n - 1)], 1f / 3f, rows[1..(n - 1)]);
        for (var y = 0; y < h; y++)
        {
            var src = image.Slice(y * w, w);
            rows[y * w] = (src[0] + src[1]) * 0.5f;
            rows[y * w + w - 1] = (src[w - 2] + src[w - 1]) * 0.5f;
        }
        // Columns: up + down + centre for the inner rows, then the first and last row.
        var inner = output.Slice(w, n - 2 * w);
        TensorPrimitives.Add(rows[..(n - 2 * w)], rows[(2 * w)..], inner);
        TensorPrimitives.Add(inner, rows.Slice(w, n - 2 * w), inner);
        TensorPrimitives.Multiply(inner, 1f / 3f, inner);
        TensorPrimitives.Add(rows[..w], rows.Slice(w, w), output[..w]);
        TensorPrimitives.Multiply(output[..w], 0.5f, output[..w]);
        TensorPrimitives.Add(rows.Slice(n - w, w), rows.Slice(n - 2 * w, w), output.Slice(n - w, w));
        TensorPrimitives.Multiply(output.Slice(n - w, w), 0.5f, output.Slice(n - w, w));
    }
}
