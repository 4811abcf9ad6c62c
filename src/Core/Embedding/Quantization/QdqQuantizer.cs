using Onnx;

namespace GalaxyActors.Core.Embedding.Quantization;

/// <summary>
/// Rewrites a float graph (from <see cref="QuantizableGraph"/>) into the QDQ form ONNX Runtime turns into int8
/// kernels: every activation entering a Conv, an Add of two activations or a MaxPool goes through
/// QuantizeLinear → DequantizeLinear (uint8, asymmetric, calibrated range); Conv weights become int8 symmetric
/// per output channel (axis 0, zero point 0, scale max|w|/127) and biases int32 with scale
/// input scale × weight scale, each behind a DequantizeLinear. ORT then fuses DQ→Conv→Q into QLinearConv and
/// DQ→Add→Q into QLinearAdd, drops a ReLU in front of a Q whose zero point is 0, and runs MaxPool on uint8 when
/// its input and output share quantization parameters (which this class gives them).
/// uint8 activations × int8 weights is the combination ORT's x86 kernels are built around (VPDPBUSD on
/// AVX512-VNNI multiplies unsigned by signed bytes); symmetric int8 activations would need a shift of +128 first.
/// Nodes other than those stay float and read the dequantized values, so any graph still runs.
/// </summary>
internal static class QdqQuantizer
{
    /// <summary>The float activation inputs each quantized op takes (input slots).</summary>
    private static readonly Dictionary<string, int[]> QuantizedInputs = new()
    {
        ["Conv"] = [0],
        ["Add"] = [0, 1],
        ["MaxPool"] = [0],
    };

    /// <summary>The activation tensors to calibrate and quantize, in graph order (deterministic).</summary>
    public static IReadOnlyList<string> TensorsToQuantize(GraphProto graph)
    {
        var initializers = graph.Initializer.Select(t => t.Name).ToHashSet();
        var tensors = new List<string>();
        var seen = new HashSet<string>();
        foreach (var node in graph.Node)
        {
            if (!QuantizedInputs.TryGetValue(node.OpType, out var slots))
                continue;
            if (node.OpType == "Add" && node.Input.Any(initializers.Contains))
                continue; // a bias/constant add stays float
            foreach (var slot in slots)
                if (slot < node.Input.Count && !initializers.Contains(node.Input[slot]) && seen.Add(node.Input[slot]))
                    tensors.Add(node.Input[slot]);
        }
        return tensors;
    }

    /// <summary>The QDQ model. <paramref name="ranges"/> holds a calibrated range for every tensor of <see cref="TensorsToQuantize"/>.</summary>
    public static ModelProto Quantize(ModelProto floatModel, IReadOnlyDictionary<string, ActivationRange> ranges)
    {
        var model = floatModel.Clone();
        var graph = model.Graph;
        var tensors = TensorsToQuantize(graph);
        var quantized = tensors.ToHashSet();
        var initializers = graph.Initializer.ToDictionary(t => t.Name);

        // A MaxPool's output takes its input's parameters: then Q(maxpool(DQ(x))) = maxpool(x) exactly and ORT drops the pair.
        var parameters = new Dictionary<string, (float Scale, byte ZeroPoint)>();
        foreach (var tensor in tensors)
            parameters[tensor] = ranges.TryGetValue(tensor, out var range)
                ? range.UInt8Parameters()
                : throw new InvalidOperationException($"No calibrated range for tensor {tensor}.");
        foreach (var node in graph.Node.Where(n => n.OpType == "MaxPool"))
            if (quantized.Contains(node.Input[0]) && quantized.Contains(node.Output[0]))
                parameters[node.Output[0]] = parameters[node.Input[0]];

        foreach (var tensor in tensors)
        {
            var (scale, zeroPoint) = parameters[tensor];
            graph.Initializer.Add(OnnxTensors.Float(tensor + "_scale", [scale]));
            graph.Initializer.Add(OnnxTensors.UInt8(tensor + "_zero_point", [zeroPoint]));
        }

        var nodes = new List<NodeProto>();
        var graphInputs = graph.Input.Select(i => i.Name).ToHashSet();
        foreach (var tensor in tensors.Where(graphInputs.Contains))
            nodes.Add(QuantizeNode(tensor));
        var dequantized = 0;
        for (var index = 0; index < graph.Node.Count; index++)
        {
            var node = graph.Node[index];
            if (QuantizedInputs.TryGetValue(node.OpType, out var slots))
            {
                var convInput = node.OpType == "Conv" && quantized.Contains(node.Input[0]) ? node.Input[0] : null;
                foreach (var slot in slots)
                {
                    if (slot >= node.Input.Count || !quantized.Contains(node.Input[slot]))
                        continue;
                    var tensor = node.Input[slot];
                    var output = $"{tensor}_dequantized_{dequantized++}";
                    nodes.Add(Node("DequantizeLinear", output, [tensor + "_quantized", tensor + "_scale", tensor + "_zero_point"]));
                    node.Input[slot] = output;
                }
                if (convInput is not null)
                    nodes.AddRange(QuantizeConvParameters(graph, node, index, initializers, parameters[convInput].Scale));
            }
            nodes.Add(node);
            foreach (var output in node.Output)
                if (quantized.Contains(output))
                    nodes.Add(QuantizeNode(output));
        }
        graph.Node.Clear();
        graph.Node.AddRange(nodes);
        BatchNormalizationFolding.RemoveUnusedInitializers(graph);
        return model;
    }

    private static NodeProto QuantizeNode(string tensor) =>
        Node("QuantizeLinear", tensor + "_quantized", [tensor, tensor + "_scale", tensor + "_zero_point"]);

    private static NodeProto Node(string opType, string output, string[] inputs, long? axis = null)
    {
        var node = new NodeProto { OpType = opType, Name = output + "_node", Output = { output } };
        node.Input.AddRange(inputs);
        if (axis is { } a)
            node.Attribute.Add(new AttributeProto { Name = "axis", I = a, Type = AttributeProto.Types.AttributeType.Int });
        return node;
    }

    /// <summary>
    /// Int8 per-channel weights and int32 bias (when constant) behind DequantizeLinear nodes, returned for insertion
    /// before the Conv, whose inputs are rewired to them.
    /// </summary>
    private static List<NodeProto> QuantizeConvParameters(GraphProto graph, NodeProto conv, int index,
        Dictionary<string, TensorProto> initializers, float inputScale)
    {
        var nodes = new List<NodeProto>();
        if (!initializers.TryGetValue(conv.Input[1], out var weightTensor) || weightTensor.DataType != (int)TensorProto.Types.DataType.Float)
            return nodes;
        var prefix = $"{(string.IsNullOrEmpty(conv.Name) ? "Conv" : conv.Name)}_{index}";
        var weights = OnnxTensors.ReadFloats(weightTensor);
        var channels = (int)weightTensor.Dims[0];
        var perChannel = weights.Length / channels;
        var quantizedWeights = new sbyte[weights.Length];
        var weightScales = new float[channels];
        for (var m = 0; m < channels; m++)
        {
            var row = weights.AsSpan(m * perChannel, perChannel);
            double largest = 0;
            foreach (var w in row)
                largest = Math.Max(largest, Math.Abs((double)w));
            // Symmetric over ±127 (not −128): the grid is the same on both sides and zero point 0 needs no correction term.
            var scale = largest > 0 ? (float)(largest / 127) : 1f;
            weightScales[m] = scale;
            for (var k = 0; k < row.Length; k++)
                quantizedWeights[m * perChannel + k] = (sbyte)Math.Clamp(Math.Round(row[k] / (double)scale, MidpointRounding.ToEven), -127, 127);
        }
        graph.Initializer.Add(OnnxTensors.Int8(prefix + "_weight_quantized", quantizedWeights, [.. weightTensor.Dims]));
        graph.Initializer.Add(OnnxTensors.Float(prefix + "_weight_scale", weightScales, channels));
        graph.Initializer.Add(OnnxTensors.Int8(prefix + "_weight_zero_point", new sbyte[channels], channels));
        var weightOutput = prefix + "_weight_dequantized";
        nodes.Add(Node("DequantizeLinear", weightOutput, [prefix + "_weight_quantized", prefix + "_weight_scale", prefix + "_weight_zero_point"], axis: 0));
        conv.Input[1] = weightOutput;

        if (conv.Input.Count < 3 || conv.Input[2].Length == 0 || !initializers.TryGetValue(conv.Input[2], out var biasTensor))
            return nodes;
        var bias = OnnxTensors.ReadFloats(biasTensor);
        var biasScales = new float[channels];
        var quantizedBias = new int[channels];
        for (var m = 0; m < channels; m++)
        {
            // The int32 accumulator's own scale, so ORT adds the bias to the accumulator before requantizing.
            biasScales[m] = inputScale * weightScales[m];
            quantizedBias[m] = (int)Math.Clamp(Math.Round(bias[m] / (double)biasScales[m], MidpointRounding.ToEven), int.MinValue, int.MaxValue);
        }
        graph.Initializer.Add(OnnxTensors.Int32(prefix + "_bias_quantized", quantizedBias, channels));
        graph.Initializer.Add(OnnxTensors.Float(prefix + "_bias_scale", biasScales, channels));
        graph.Initializer.Add(OnnxTensors.Int32(prefix + "_bias_zero_point", new int[channels], channels));
        var biasOutput = prefix + "_bias_dequantized";
        nodes.Add(Node("DequantizeLinear", biasOutput, [prefix + "_bias_quantized", prefix + "_bias_scale", prefix + "_bias_zero_point"], axis: 0));
        conv.Input[2] = biasOutput;
        return nodes;
    }
}
