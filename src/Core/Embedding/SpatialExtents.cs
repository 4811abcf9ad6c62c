using Onnx;

namespace GalaxyActors.Core.Embedding;

/// <summary>
/// Height×width of every NCHW activation of a convolutional graph for a given input size, worked out
/// from the attributes of the spatial operators (the ONNX output-size formulas) and carried through the
/// operators that keep the shape. Enough for ResNet-style image models; an operator it does not know
/// ends what is known downstream of it (edits are then simply not made there) rather than guessing.
/// </summary>
public static class SpatialExtents
{
    private static readonly HashSet<string> ShapeKeeping =
    [
        "Relu", "LeakyRelu", "PRelu", "Elu", "Selu", "Sigmoid", "HardSigmoid", "Tanh", "Clip", "BatchNormalization",
        "InstanceNormalization", "LRN", "Dropout", "Identity",
    ];

    private static readonly HashSet<string> Elementwise = ["Add", "Sum", "Mul", "Sub", "Div", "Max", "Min"];

    /// <summary>
    /// Propagates an <paramref name="height"/>×<paramref name="width"/> input from <paramref name="inputName"/>.
    /// With <paramref name="modelName"/> given, a size the graph cannot take (an extent below 1, or
    /// elementwise/concat inputs of different extents) throws <see cref="InvalidInputException"/> naming the node.
    /// </summary>
    public static Dictionary<string, (int Height, int Width)> Propagate(GraphProto graph, string inputName, int height, int width, string? modelName = null)
    {
        var extents = new Dictionary<string, (int Height, int Width)> { [inputName] = (height, width) };
        var initializers = graph.Initializer.Select(t => t.Name).ToHashSet();
        foreach (var node in graph.Node) // ONNX keeps nodes in topological order
        {
            (int Height, int Width)? result = null;
            if (node.OpType is "Conv" or "MaxPool" or "AveragePool" && extents.TryGetValue(node.Input[0], out var input) && AutoPadNotSet(node))
                result = Window(node, graph, input);
            else if (node.OpType is "GlobalAveragePool" or "GlobalMaxPool" && extents.ContainsKey(node.Input[0]))
                result = (1, 1);
            else if (ShapeKeeping.Contains(node.OpType) && extents.TryGetValue(node.Input[0], out input))
                result = input;
            else if (Elementwise.Contains(node.OpType) || node.OpType == "Concat")
                result = Joined(node, extents, initializers, modelName);
            if (result is not { } extent)
                continue;
            if (extent.Height < 1 || extent.Width < 1)
            {
                if (modelName is not null)
                    throw new InvalidInputException($"Model {modelName} cannot take {height}x{width} input: {Describe(node)} would output {extent.Height}x{extent.Width}.");
                continue;
            }
            extents[node.Output[0]] = extent;
        }
        return extents;
    }

    private static (int Height, int Width)? Joined(NodeProto node, Dictionary<string, (int Height, int Width)> extents,
        HashSet<string> initializers, string? modelName)
    {
        (int Height, int Width)? joined = null;
        foreach (var name in node.Input)
        {
            if (initializers.Contains(name) || !extents.TryGetValue(name, out var extent))
                continue;
            if (joined is not { } current || current == (1, 1))
            {
                joined = extent;
                continue;
            }
            if (extent == current || extent == (1, 1))
                continue; // equal, or broadcast from a pooled 1×1 (squeeze-and-excitation style)
            if (modelName is not null)
                throw new InvalidInputException(
                    $"Model {modelName}: {Describe(node)} joins activations of {current.Height}x{current.Width} and {extent.Height}x{extent.Width} at this input size; try another --input-size.");
            return null;
        }
        return joined;
    }

    private static (int Height, int Width) Window(NodeProto node, GraphProto graph, (int Height, int Width) input)
    {
        var kernel = KernelOf(node, graph);
        var strides = IntsOr(node, "strides", 1);
        var dilations = IntsOr(node, "dilations", 1);
        var pads = Ints(node, "pads");
        long[] padding = pads.Count == 4 ? [.. pads] : [0, 0, 0, 0];
        var ceil = CeilMode(node);
        return (OutputExtent(input.Height, kernel[0], strides[0], dilations[0], padding[0], padding[2], ceil),
            OutputExtent(input.Width, kernel[1], strides[1], dilations[1], padding[1], padding[3], ceil));
    }

    /// <summary>ONNX's output size of a window: ⌊(n + begin + end − ((k−1)·d + 1)) / s⌋ + 1 (⌈·⌉ with ceil_mode).</summary>
    public static int OutputExtent(int size, long kernel, long stride, long dilation, long padBegin, long padEnd, bool ceil)
    {
        var span = size + padBegin + padEnd - ((kernel - 1) * dilation + 1);
        if (span < 0)
            return 0;
        return (int)((ceil ? (span + stride - 1) / stride : span / stride) + 1);
    }

    /// <summary>The window's height and width: kernel_shape, or a Conv's weight dimensions when the attribute is left out.</summary>
    public static IReadOnlyList<long> KernelOf(NodeProto node, GraphProto graph)
    {
        var kernel = Ints(node, "kernel_shape");
        if (kernel.Count == 2)
            return kernel;
        var weights = node.OpType == "Conv" && node.Input.Count > 1 ? graph.Initializer.FirstOrDefault(t => t.Name == node.Input[1]) : null;
        if (weights is { Dims.Count: 4 })
            return [weights.Dims[2], weights.Dims[3]];
        throw new InvalidInputException($"{Describe(node)} has no 2-D kernel_shape.");
    }

    public static IReadOnlyList<long> Ints(NodeProto node, string name) =>
        node.Attribute.FirstOrDefault(a => a.Name == name)?.Ints ?? (IReadOnlyList<long>)[];

    public static IReadOnlyList<long> IntsOr(NodeProto node, string name, long fallback) =>
        Ints(node, name) is { Count: 2 } values ? values : [fallback, fallback];

    public static bool CeilMode(NodeProto node) => node.Attribute.FirstOrDefault(a => a.Name == "ceil_mode")?.I == 1;

    /// <summary>auto_pad absent or NOTSET: the explicit pads are what the operator uses.</summary>
    public static bool AutoPadNotSet(NodeProto node)
    {
        var autoPad = node.Attribute.FirstOrDefault(a => a.Name == "auto_pad");
        return autoPad is null || autoPad.S.IsEmpty || autoPad.S.ToStringUtf8() == "NOTSET";
    }

    private static string Describe(NodeProto node) => $"node {node.Name} ({node.OpType})";
}
