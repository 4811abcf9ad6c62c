using Onnx;

namespace GalaxyActors.Core.Embedding.Quantization;

/// <summary>
/// Folds every inference-mode BatchNormalization that directly follows a Conv into that Conv's weights and bias:
/// y = γ·(W∗x + b − μ)/√(σ²+ε) + β  =  (f·W)∗x + (f·(b − μ) + β) with f = γ/√(σ²+ε) per output channel.
/// Quantization needs this: per-channel int8 weights must be the weights actually applied (the BN scale
/// changes each channel's range), and ONNX Runtime fuses DQ→Conv→Q into an int8 kernel only when nothing
/// sits between the Conv and the Q. Arithmetic in double, stored as float32.
/// </summary>
internal static class BatchNormalizationFolding
{
    /// <returns>How many BatchNormalization nodes were folded.</returns>
    public static int Fold(GraphProto graph)
    {
        var initializers = graph.Initializer.ToDictionary(t => t.Name);
        var consumers = Consumers(graph);
        var producers = new Dictionary<string, NodeProto>();
        foreach (var node in graph.Node)
            foreach (var output in node.Output)
                producers[output] = node;
        var outputs = graph.Output.Select(o => o.Name).ToHashSet();

        var removed = new HashSet<NodeProto>(ReferenceEqualityComparer.Instance);
        foreach (var bn in graph.Node.Where(n => n.OpType == "BatchNormalization").ToList())
        {
            if (!producers.TryGetValue(bn.Input[0], out var conv) || conv.OpType != "Conv")
                continue;
            var convOutput = conv.Output[0];
            if (consumers[convOutput] != 1 || outputs.Contains(convOutput))
                continue; // the unnormalised conv output is used elsewhere too
            if (bn.Output.Skip(1).Any(o => o.Length > 0))
                continue; // training-mode outputs requested
            if (!initializers.TryGetValue(conv.Input[1], out var weightTensor)
                || bn.Input.Skip(1).Take(4).Any(name => !initializers.ContainsKey(name))
                || (conv.Input.Count > 2 && conv.Input[2].Length > 0 && !initializers.ContainsKey(conv.Input[2])))
                continue;
            var gamma = OnnxTensors.ReadFloats(initializers[bn.Input[1]]);
            var beta = OnnxTensors.ReadFloats(initializers[bn.Input[2]]);
            var mean = OnnxTensors.ReadFloats(initializers[bn.Input[3]]);
            var variance = OnnxTensors.ReadFloats(initializers[bn.Input[4]]);
            var epsilon = bn.Attribute.FirstOrDefault(a => a.Name == "epsilon")?.F ?? 1e-5f;
            var channels = gamma.Length;
            if (variance.Any(v => v + (double)epsilon <= 0))
                continue; // fp32 itself would divide by zero here; leave the node as it is
            var weights = OnnxTensors.ReadFloats(weightTensor);
            var bias = conv.Input.Count > 2 && conv.Input[2].Length > 0 ? OnnxTensors.ReadFloats(initializers[conv.Input[2]]) : new float[channels];
            if (weightTensor.Dims[0] != channels || bias.Length != channels)
                continue;

            var perChannel = weights.Length / channels;
            var foldedWeights = new float[weights.Length];
            var foldedBias = new float[channels];
            for (var m = 0; m < channels; m++)
            {
                var factor = gamma[m] / Math.Sqrt(variance[m] + (double)epsilon);
                for (var k = m * perChannel; k < (m + 1) * perChannel; k++)
                    foldedWeights[k] = (float)(weights[k] * factor);
                foldedBias[m] = (float)((bias[m] - (double)mean[m]) * factor + beta[m]);
            }
            var weightName = conv.Name + "_folded_weight";
            var biasName = conv.Name + "_folded_bias";
            graph.Initializer.Add(OnnxTensors.Float(weightName, foldedWeights, [.. weightTensor.Dims]));
            graph.Initializer.Add(OnnxTensors.Float(biasName, foldedBias, channels));
            conv.Input[1] = weightName;
            if (conv.Input.Count > 2)
                conv.Input[2] = biasName;
            else
                conv.Input.Add(biasName);
            conv.Output[0] = bn.Output[0];
            removed.Add(bn);
        }

        var kept = graph.Node.Where(n => !removed.Contains(n)).ToList();
        graph.Node.Clear();
        graph.Node.AddRange(kept);
        RemoveUnusedInitializers(graph);
        var produced = kept.SelectMany(n => n.Output).ToHashSet();
        var valueInfo = graph.ValueInfo.Where(v => produced.Contains(v.Name)).ToList();
        graph.ValueInfo.Clear();
        graph.ValueInfo.AddRange(valueInfo);
        return removed.Count;
    }

    /// <summary>Drops initializers (and their IR-3 input entries) that no node reads any more.</summary>
    public static void RemoveUnusedInitializers(GraphProto graph)
    {
        var used = graph.Node.SelectMany(n => n.Input).ToHashSet();
        var unused = graph.Initializer.Where(t => !used.Contains(t.Name)).Select(t => t.Name).ToHashSet();
        if (unused.Count == 0)
            return;
        var initializers = graph.Initializer.Where(t => !unused.Contains(t.Name)).ToList();
        graph.Initializer.Clear();
        graph.Initializer.AddRange(initializers);
        var inputs = graph.Input.Where(i => !unused.Contains(i.Name)).ToList();
        graph.Input.Clear();
        graph.Input.AddRange(inputs);
    }

    private static Dictionary<string, int> Consumers(GraphProto graph)
    {
        var counts = new Dictionary<string, int>();
        foreach (var node in graph.Node)
            foreach (var input in node.Input)
                counts[input] = counts.GetValueOrDefault(input) + 1;
        return counts;
    }
}
