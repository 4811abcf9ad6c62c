using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GalaxyActors.Core.Imaging;

/// <summary>
/// Turns HWC RGB images of one source size (0..255 floats, as in <see cref="ImageBatch"/>) into a model's
/// input tensor: an optional crop (<see cref="CropWindow"/>, normally the centre crop of <see cref="CenterCrop"/>),
/// bilinear resize of the crop with half-pixel centres (align-corners false, edge samples clamped to the crop, no
/// antialiasing: the common convention of PyTorch/ONNX/OpenCV bilinear) followed by a <see cref="PixelNormalization"/>.
/// The crop costs nothing: the resize taps are computed for the crop's size and offset into the window, so only the
/// window's pixels are read. Every path that preprocesses (plain, dihedral TTA, int8 calibration) goes through here.
/// The resize is separable: a horizontal pass over the few source rows into planar scratch, then a
/// vectorised vertical pass that blends two scratch rows and applies scale and offset in the same sweep,
/// writing straight into the caller's tensor. Weights and indices are precomputed once per size.
/// When the crop window (the whole source when uncropped) already has the model's size (69 px cutouts at
/// --input-size 69, or a 47 px centre crop at --input-size 47) there is no resize at all: the window's pixels are
/// deinterleaved into planes and scaled and offset a vector at a time.
/// Not thread-safe: an instance owns its scratch; use one per thread.
/// </summary>
public sealed class ImagePreprocessor
{
    private readonly PixelNormalization _normalization;
    private readonly int[] _x0Offsets, _x1Offsets, _y0, _y1;
    private readonly float[] _wx, _wy;
    private readonly float[] _rows;   // source channel × crop row × target width
    private readonly float[]? _planar; // one image in NCHW, only for NHWC models

    /// <summary>The whole image, resized and normalised.</summary>
    public ImagePreprocessor(int sourceHeight, int sourceWidth, int sourceChannels, PixelNormalization normalization, TensorLayout layout)
        : this(sourceHeight, sourceWidth, sourceChannels, normalization, layout, CropWindow.Whole(sourceHeight, sourceWidth))
    {
    }

    /// <summary>The centre crop <paramref name="centerCrop"/> of each image (see <see cref="CenterCrop"/>), resized and normalised.</summary>
    /// <exception cref="InvalidInputException">The fraction is out of range or leaves fewer than <see cref="CenterCrop.MinimumSide"/> pixels a side.</exception>
    public ImagePreprocessor(int sourceHeight, int sourceWidth, int sourceChannels, PixelNormalization normalization, TensorLayout layout, double centerCrop)
        : this(sourceHeight, sourceWidth, sourceChannels, normalization, layout, CenterCrop.Window(sourceHeight, sourceWidth, centerCrop))
    {
    }

    /// <summary>The window <paramref name="crop"/> of each image, resized and normalised.</summary>
    public ImagePreprocessor(int sourceHeight, int sourceWidth, int sourceChannels, PixelNormalization normalization, TensorLayout layout, CropWindow crop)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sourceHeight, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(sourceWidth, 1);
        if (sourceChannels != 1 && sourceChannels != 3)
            throw new ArgumentOutOfRangeException(nameof(sourceChannels), sourceChannels, "Images must have 1 (grey) or 3 (RGB) channels.");
        crop.EnsureInside(sourceHeight, sourceWidth);
        SourceHeight = sourceHeight;
        SourceWidth = sourceWidth;
        SourceChannels = sourceChannels;
        Crop = crop;
        Layout = layout;
        _normalization = normalization;
        // Taps for the crop's size, then offset into the window: column taps by Left (premultiplied by the channel
        // count), rows by Top when the horizontal pass reads them.
        (_x0Offsets, _x1Offsets, _wx) = Taps(crop.Width, normalization.Width);
        for (var x = 0; x < _wx.Length; x++)
        {
            _x0Offsets[x] = (crop.Left + _x0Offsets[x]) * sourceChannels;
            _x1Offsets[x] = (crop.Left + _x1Offsets[x]) * sourceChannels;
        }
        (_y0, _y1, _wy) = Taps(crop.Height, normalization.Height);
        _rows = IsSameSize ? [] : new float[sourceChannels * crop.Height * normalization.Width];
        if (layout == TensorLayout.Nhwc)
            _planar = new float[ValuesPerImage];
    }

    public int SourceHeight { get; }
    public int SourceWidth { get; }
    public int SourceChannels { get; }

    /// <summary>The part of each source image that is read (the whole image when uncropped).</summary>
    public CropWindow Crop { get; }
    public TensorLayout Layout { get; }
    public int TargetHeight => _normalization.Height;
    public int TargetWidth => _normalization.Width;

    /// <summary>The crop window (the whole source when uncropped) has the model input's size: no resize at all, only the
    /// pixel transform (69 px Galaxy10 cutouts at --input-size 69; a 47 px centre crop at --input-size 47).</summary>
    public bool IsSameSize => Crop.Height == TargetHeight && Crop.Width == TargetWidth;

    /// <summary>Values one image occupies in the model tensor.</summary>
    public int ValuesPerImage => _normalization.Channels * _normalization.Height * _normalization.Width;

    /// <summary>Images [first, first+count) of <paramref name="batch"/> into consecutive images of <paramref name="destination"/>.</summary>
    public void Process(ImageBatch batch, int first, int count, Span<float> destination)
    {
        if (batch.Height != SourceHeight || batch.Width != SourceWidth || batch.Channels != SourceChannels)
            throw new ArgumentException($"Batch images are {batch.Height}x{batch.Width}x{batch.Channels}, this preprocessor takes {SourceHeight}x{SourceWidth}x{SourceChannels}.", nameof(batch));
        for (var i = 0; i < count; i++)
            Process(batch.Image(first + i), destination.Slice(i * ValuesPerImage, ValuesPerImage));
    }

    /// <summary>One HWC image into one image's worth of model tensor.</summary>
    public void Process(ReadOnlySpan<float> image, Span<float> destination)
    {
        if (image.Length < SourceHeight * SourceWidth * SourceChannels)
            throw new ArgumentException("Image span is shorter than one source image.", nameof(image));
        if (destination.Length < ValuesPerImage)
            throw new ArgumentException("Destination span is shorter than one model image.", nameof(destination));
        var planar = _planar ?? destination;
        if (IsSameSize)
        {
            Normalise(image, planar);
        }
        else
        {
            ResizeRows(image);
            BlendColumns(planar);
        }
        if (_planar is not null)
            Interleave(_planar, destination);
    }

    /// <summary>
    /// Source column/row pairs and the weight of the second one for each target column/row:
    /// centre of target pixel d maps to s = (d + 0.5)·src/dst − 0.5, clamped into the image.
    /// Computed in double so 1:1 sizes give exact identity taps.
    /// </summary>
    internal static (int[] First, int[] Second, float[] Weight) Taps(int source, int target)
    {
        var first = new int[target];
        var second = new int[target];
        var weight = new float[target];
        var ratio = (double)source / target;
        for (var d = 0; d < target; d++)
        {
            var s = Math.Max((d + 0.5) * ratio - 0.5, 0.0);
            var s0 = Math.Min((int)Math.Floor(s), source - 1);
            first[d] = s0;
            second[d] = Math.Min(s0 + 1, source - 1);
            weight[d] = (float)(s - s0);
        }
        return (first, second, weight);
    }

    // Horizontal pass: each source row of the crop blended to the target width, one planar scratch row per channel.
    // Tap offsets are premultiplied by the channel count and include the crop's left edge, so the inner loop is
    // two loads per channel.
    private void ResizeRows(ReadOnlySpan<float> image)
    {
        int channels = SourceChannels, width = SourceWidth, targetWidth = _normalization.Width;
        int top = Crop.Top, cropHeight = Crop.Height;
        var rows = _rows.AsSpan();
        var first = _x0Offsets.AsSpan();
        var second = _x1Offsets.AsSpan();
        var weights = _wx.AsSpan();
        for (var y = 0; y < cropHeight; y++)
        {
            var row = image.Slice((top + y) * width * channels, width * channels);
            if (channels == 3)
            {
                var red = rows.Slice(y * targetWidth, targetWidth);
                var green = rows.Slice((cropHeight + y) * targetWidth, targetWidth);
                var blue = rows.Slice((2 * cropHeight + y) * targetWidth, targetWidth);
                for (var x = 0; x < targetWidth; x++)
                {
                    int i0 = first[x], i1 = second[x];
                    var w = weights[x];
                    float r0 = row[i0], g0 = row[i0 + 1], b0 = row[i0 + 2];
                    red[x] = r0 + w * (row[i1] - r0);
                    green[x] = g0 + w * (row[i1 + 1] - g0);
                    blue[x] = b0 + w * (row[i1 + 2] - b0);
                }
            }
            else
            {
                var output = rows.Slice(y * targetWidth, targetWidth);
                for (var x = 0; x < targetWidth; x++)
                {
                    var a = row[first[x]];
                    output[x] = a + weights[x] * (row[second[x]] - a);
                }
            }
        }
    }

    // Vertical pass fused with the normalisation: out = scale·(r0 + w·(r1 − r0)) + offset, a vector at a time.
    private void BlendColumns(Span<float> destination)
    {
        int height = _normalization.Height, width = _normalization.Width, plane = height * width, cropHeight = Crop.Height;
        var rows = _rows.AsSpan();
        var offsets = _normalization.Offset.Span;
        for (var c = 0; c < _normalization.Channels; c++)
        {
            var source = SourceChannels == 1 ? 0 : _normalization.SourceChannel[c];
            var scale = _normalization.Scale[c];
            var scaleVector = new Vector<float>(scale);
            for (var y = 0; y < height; y++)
            {
                var r0 = rows.Slice((source * cropHeight + _y0[y]) * width, width);
                var r1 = rows.Slice((source * cropHeight + _y1[y]) * width, width);
                var offset = offsets.Slice(c * plane + y * width, width);
                var output = destination.Slice(c * plane + y * width, width);
                var w = _wy[y];
                var wVector = new Vector<float>(w);
                var x = 0;
                for (; x <= width - Vector<float>.Count; x += Vector<float>.Count)
                {
                    var a = new Vector<float>(r0.Slice(x));
                    var b = new Vector<float>(r1.Slice(x));
                    var blended = a + wVector * (b - a);
                    (scaleVector * blended + new Vector<float>(offset.Slice(x))).CopyTo(output.Slice(x));
                }
                for (; x < width; x++)
                {
                    var a = r0[x];
                    output[x] = scale * (a + w * (r1[x] - a)) + offset[x];
                }
            }
        }
    }

    // Same size: out[c, y, x] = scale·image[top + y, left + x, source channel] + offset[c, y, x], one pass over the
    // window's pixels writing the three planes together (the window is read once, in order).
    private void Normalise(ReadOnlySpan<float> image, Span<float> destination)
    {
        int plane = TargetHeight * TargetWidth, width = TargetWidth, channels = SourceChannels;
        int top = Crop.Top, left = Crop.Left, sourceWidth = SourceWidth;
        var offsets = _normalization.Offset.Span;
        if (channels == 1 || _normalization.Channels != 3)
        {
            for (var c = 0; c < _normalization.Channels; c++)
            {
                var source = channels == 1 ? 0 : _normalization.SourceChannel[c];
                var scale = _normalization.Scale[c];
                for (var y = 0; y < TargetHeight; y++)
                {
                    var row = ((top + y) * sourceWidth + left) * channels + source;
                    for (var x = 0; x < width; x++)
                    {
                        var p = y * width + x;
                        destination[c * plane + p] = scale * image[row + x * channels] + offsets[c * plane + p];
                    }
                }
            }
            return;
        }
        // Deinterleave the window row by row without bounds checks (the image length is checked above and the window
        // lies inside the image), then scale and add the offset plane a vector at a time.
        int s0 = _normalization.SourceChannel[0], s1 = _normalization.SourceChannel[1], s2 = _normalization.SourceChannel[2];
        Span<float> out0 = destination[..plane], out1 = destination.Slice(plane, plane), out2 = destination.Slice(2 * plane, plane);
        ref var pixel = ref MemoryMarshal.GetReference(image[..(3 * SourceHeight * sourceWidth)]);
        ref var r0 = ref MemoryMarshal.GetReference(out0);
        ref var r1 = ref MemoryMarshal.GetReference(out1);
        ref var r2 = ref MemoryMarshal.GetReference(out2);
        for (nint y = 0; y < TargetHeight; y++)
        {
            ref var sourceRow = ref Unsafe.Add(ref pixel, 3 * ((top + y) * sourceWidth + left));
            var p = y * width;
            for (nint x = 0; x < width; x++, p++)
            {
                ref var source = ref Unsafe.Add(ref sourceRow, 3 * x);
                Unsafe.Add(ref r0, p) = Unsafe.Add(ref source, s0);
                Unsafe.Add(ref r1, p) = Unsafe.Add(ref source, s1);
                Unsafe.Add(ref r2, p) = Unsafe.Add(ref source, s2);
            }
        }
        TensorPrimitives.MultiplyAdd(out0, _normalization.Scale[0], offsets[..plane], out0);
        TensorPrimitives.MultiplyAdd(out1, _normalization.Scale[1], offsets.Slice(plane, plane), out1);
        TensorPrimitives.MultiplyAdd(out2, _normalization.Scale[2], offsets.Slice(2 * plane, plane), out2);
    }

    private void Interleave(ReadOnlySpan<float> planar, Span<float> destination)
    {
        int channels = _normalization.Channels, plane = _normalization.Height * _normalization.Width;
        for (var p = 0; p < plane; p++)
            for (var c = 0; c < channels; c++)
                destination[p * channels + c] = planar[c * plane + p];
    }
}
