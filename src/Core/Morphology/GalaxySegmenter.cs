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

    /// <summary>Label of a pixel in <see cref="Labels"/>: in the segment, or not.</summary>
    public const byte Below = 0, InSegment = 2;

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
        // Scanline pushes: at most one per run found beside a filled run, ≤ Σ (run length + 3) ≤ 4 × pixels.
        _stack = new int[4 * height * width + 8];
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
            var peak = TensorPrimitives.Max(image[..n]);
            if (!(peak > 0))
                return 0;
            detect = image;
            threshold = NoiseFreeFraction * peak;
        }
        labels.Clear();
        var seed = Seed(detect, threshold);
        if (seed < 0)
            return 0;
        Fill(detect, threshold, labels, seed, out var x0, out var x1, out var y0, out var y1);
        var count = 0;
        for (var y = y0; y <= y1; y++)
            for (int x = x0, p = y * _width + x0; x <= x1; x++, p++)
                if (labels[p] == InSegment)
                {
                    Segment[count] = p;
                    SegmentX[count] = x;
                    SegmentY[count] = y;
                    count++;
                }
        return count;
    }

    private int Seed(ReadOnlySpan<float> detect, float threshold)
    {
        var cy = (_height - 1) * 0.5;
        var cx = (_width - 1) * 0.5;
        var best = -1;
        var bestDistance = Math.Min(_height, _width) * 0.25;
        bestDistance *= bestDistance;
        // The central pixel(s) first: for odd sizes one pixel, for even the lowest-index of the central four.
        for (var y = (int)Math.Floor(cy); y <= (int)Math.Ceiling(cy); y++)
            for (var x = (int)Math.Floor(cx); x <= (int)Math.Ceiling(cx); x++)
                if (detect[y * _width + x] > threshold)
                    return y * _width + x;
        for (var y = 0; y < _height; y++)
            for (var x = 0; x < _width; x++)
            {
                if (!(detect[y * _width + x] > threshold))
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

    /// <summary>8-connected scanline flood fill from <paramref name="seed"/> over pixels of <paramref name="detect"/>
    /// above the threshold, marking them <see cref="InSegment"/>: each popped pixel grows into its whole run along the row,
    /// and the rows above and below are searched over the run widened by one pixel each side (the diagonal neighbours),
    /// one push per run found there. Returns the filled region's bounding box.</summary>
    private void Fill(ReadOnlySpan<float> detect, float threshold, Span<byte> labels, int seed,
        out int minX, out int maxX, out int minY, out int maxY)
    {
        var stack = _stack;
        int w = _width, h = _height;
        minX = minY = int.MaxValue;
        maxX = maxY = int.MinValue;
        var top = 0;
        stack[top++] = seed;
        while (top > 0)
        {
            var p = stack[--top];
            if (labels[p] == InSegment)
                continue;
            var y = p / w;
            var row = y * w;
            var x = p - row;
            int left = x, right = x;
            while (left > 0 && labels[row + left - 1] == Below && detect[row + left - 1] > threshold)
                left--;
            while (right < w - 1 && labels[row + right + 1] == Below && detect[row + right + 1] > threshold)
                right++;
            labels.Slice(row + left, right - left + 1).Fill(InSegment);
            minX = Math.Min(minX, left);
            maxX = Math.Max(maxX, right);
            minY = Math.Min(minY, y);
            maxY = Math.Max(maxY, y);
            var from = Math.Max(0, left - 1);
            var to = Math.Min(w - 1, right + 1);
            for (var ny = y - 1; ny <= y + 1; ny += 2)
            {
                if ((uint)ny >= (uint)h)
                    continue;
                var other = ny * w;
                var inRun = false;
                for (var xx = from; xx <= to; xx++)
                {
                    var q = other + xx;
                    var eligible = labels[q] == Below && detect[q] > threshold;
                    if (eligible && !inRun)
                        stack[top++] = q;
                    inRun = eligible;
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
