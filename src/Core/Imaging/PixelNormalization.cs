using Onnx;

namespace GalaxyActors.Core.Imaging;

/// <summary>
/// What a model expects done to resized pixels (0..255 scale, RGB) before they enter it:
/// <c>out[c, y, x] = Scale[c] · in[SourceChannel[c], y, x] + Offset[c, y, x]</c>.
/// The offset is a full plane per channel because ML.NET's ResNet18 subtracts a per-pixel mean
/// image, not a per-channel constant; per-channel normalisations just repeat their constant.
/// </summary>
public sealed class PixelNormalization
{
    private PixelNormalization(int height, int width, int[] sourceChannel, float[] scale, float[] offset, string description)
    {
        Height = height;
        Width = width;
        SourceChannel = sourceChannel;
        Scale = scale;
        Offset = offset;
        Description = description;
    }

    /// <summary>Height of the model input: the resize target.</summary>
    public int Height { get; }

    /// <summary>Width of the model input: the resize target.</summary>
    public int Width { get; }

    /// <summary>Number of channels the model takes.</summary>
    public int Channels => SourceChannel.Count;

    /// <summary>For each model channel, the RGB channel (0 = R, 1 = G, 2 = B) it is taken from.</summary>
    public IReadOnlyList<int> SourceChannel { get; }

    /// <summary>Multiplier per model channel.</summary>
    public IReadOnlyList<float> Scale { get; }

    /// <summary>Channels×Height×Width values added after scaling.</summary>
    public ReadOnlyMemory<float> Offset { get; }

    /// <summary>Human-readable account of the pixel transform, stored with the features.</summary>
    public string Description { get; }

    /// <summary>Resize only: RGB kept, 0..255 scale kept, nothing subtracted.</summary>
    public static PixelNormalization Identity(int height, int width) =>
        new(height, width, [0, 1, 2], [1f, 1f, 1f], new float[3 * height * width],
            $"bilinear resize (half-pixel centres) to {height}x{width}; RGB; 0..255 scale");

    /// <summary>
    /// The torchvision/ONNX-model-zoo ImageNet convention, used for models given by the user:
    /// RGB, x/255, then (x − mean)/std per channel with mean (0.485, 0.456, 0.406) and std (0.229, 0.224, 0.225).
    /// </summary>
    public static PixelNormalization ImageNetStandard(int height, int width)
    {
        double[] mean = [0.485, 0.456, 0.406];
        double[] std = [0.229, 0.224, 0.225];
        var scale = new float[3];
        var offset = new float[3 * height * width];
        for (var c = 0; c < 3; c++)
        {
            scale[c] = (float)(1.0 / (255.0 * std[c]));
            offset.AsSpan(c * height * width, height * width).Fill((float)(-mean[c] / std[c]));
        }
        return new PixelNormalization(height, width, [0, 1, 2], scale, offset,
            $"bilinear resize (half-pixel centres) to {height}x{width}; RGB; x/255; (x - [0.485, 0.456, 0.406]) / [0.229, 0.224, 0.225] per channel (ImageNet standard)");
    }

    /// <summary>
    /// Reads ML.NET's <c>ResNetPreprocess.onnx</c> (Split of the NCHW RGB input into channels, Concat in
    /// another order, Sub of a mean image) and reproduces it: the channel order comes from the Concat,
    /// the offset is minus the mean image. Anything else in that file is refused rather than ignored.
    /// </summary>
    public static PixelNormalization FromResNetPreprocessModel(string path)
    {
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is IOException or Google.Protobuf.InvalidProtocolBufferException)
        {
            throw new InvalidInputException($"Preprocessing model {path} cannot be read as ONNX: {e.Message}", e);
        }
        var graph = model.Graph ?? throw Unexpected(path, "it has no graph");
        if (graph.Node.Count != 3 || graph.Node[0].OpType != "Split" || graph.Node[1].OpType != "Concat" || graph.Node[2].OpType != "Sub")
            throw Unexpected(path, "expected the nodes Split, Concat, Sub");
        var split = graph.Node[0];
        var concat = graph.Node[1];
        var sub = graph.Node[2];
        if (AxisOf(split) != 1 || AxisOf(concat) != 1 || split.Output.Count != 3 || concat.Input.Count != 3)
            throw Unexpected(path, "expected a 3-way channel split and concat on axis 1");
        var sourceChannel = new int[3];
        for (var c = 0; c < 3; c++)
        {
            sourceChannel[c] = split.Output.IndexOf(concat.Input[c]);
            if (sourceChannel[c] < 0)
                throw Unexpected(path, "the concat does not reorder the split channels");
        }
        if (sub.Input[0] != concat.Output[0])
            throw Unexpected(path, "the Sub does not take the reordered channels first");
        var mean = graph.Initializer.FirstOrDefault(t => t.Name == sub.Input[1])
            ?? throw Unexpected(path, "the subtracted mean is not an initializer");
        if (mean.Dims.Count != 4 || mean.Dims[0] != 1 || mean.Dims[1] != 3)
            throw Unexpected(path, "the mean image is not [1, 3, H, W]");
        var height = (int)mean.Dims[2];
        var width = (int)mean.Dims[3];
        var values = ReadFloats(mean);
        if (values.Length != 3 * height * width)
            throw Unexpected(path, "the mean image holds the wrong number of values");
        var offset = new float[values.Length];
        for (var i = 0; i < values.Length; i++)
            offset[i] = -values[i];
        var order = string.Concat(sourceChannel.Select(s => "RGB"[s]));
        return new PixelNormalization(height, width, sourceChannel, [1f, 1f, 1f], offset,
            $"bilinear resize (half-pixel centres) to {height}x{width}; channels {order}; 0..255 scale; minus the per-pixel mean image of ResNetPreprocess.onnx (ML.NET ResNet18)");
    }

    /// <summary>
    /// The same transform for a model input of <paramref name="height"/>×<paramref name="width"/>: channel
    /// order and scale kept, each offset plane resized with the resampler the images go through (bilinear,
    /// half-pixel centres). For per-channel constants this changes nothing. For ResNetPreprocess's mean
    /// image it keeps the mean paired with the same place in the field of view: at 224 px the model saw
    /// resize₂₂₄(image) − mean₂₂₄; the resampler is linear, so resize_S(image) − resize_S(mean) is that
    /// same input seen at S px, up to the resampler's own error. A per-channel mean instead would add back the
    /// mean image's spatial structure (its centre-to-corner shading), which the network never saw.
    /// </summary>
    public PixelNormalization ResizedTo(int height, int width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        if (height == Height && width == Width)
            return this;
        var (y0, y1, wy) = ImagePreprocessor.Taps(Height, height);
        var (x0, x1, wx) = ImagePreprocessor.Taps(Width, width);
        var source = Offset.Span;
        var offset = new float[Channels * height * width];
        for (var c = 0; c < Channels; c++)
        {
            var plane = source.Slice(c * Height * Width, Height * Width);
            for (var y = 0; y < height; y++)
            {
                var top = plane.Slice(y0[y] * Width, Width);
                var bottom = plane.Slice(y1[y] * Width, Width);
                for (var x = 0; x < width; x++)
                {
                    double a = top[x0[x]] + wx[x] * (top[x1[x]] - top[x0[x]]);
                    double b = bottom[x0[x]] + wx[x] * (bottom[x1[x]] - bottom[x0[x]]);
                    offset[(c * height + y) * width + x] = (float)(a + wy[y] * (b - a));
                }
            }
        }
        var description = Description.Replace($"to {Height}x{Width}", $"to {height}x{width}")
                          + $"; offset planes resized bilinearly from {Height}x{Width}";
        return new PixelNormalization(height, width, [.. SourceChannel], [.. Scale], offset, description);
    }

    private static long AxisOf(NodeProto node) =>
        node.Attribute.FirstOrDefault(a => a.Name == "axis")?.I ?? 0;

    private static float[] ReadFloats(TensorProto tensor)
    {
        if (tensor.DataType != (int)TensorProto.Types.DataType.Float)
            throw new InvalidDataException($"Tensor {tensor.Name} is not float32.");
        if (tensor.FloatData.Count > 0)
            return tensor.FloatData.ToArray();
        return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray();
    }

    private static InvalidInputException Unexpected(string path, string what) =>
        new($"Preprocessing model {path} is not the expected ResNetPreprocess graph: {what}.");
}
