using Onnx;

namespace GalaxyActors.Core.Embedding.Quantization;

/// <summary>
/// Turns a prepared fp32 model into the float graph the quantizer works on and the calibrator runs:
/// BatchNormalization folded into the convolutions, opset raised to 13 (per-channel DequantizeLinear, with its
/// axis attribute, exists from opset 13), IR version raised to 7 to match, and initializers taken out of the
/// graph inputs (IR-3 exports list them there; ONNX Runtime treats an initializer that is also an input as
/// overridable, so would not constant-fold it, and a DQ on a weight must be constant to fuse).
/// </summary>
internal static class QuantizableGraph
{
    public const int MinimumOpset = 13;
    private const long MinimumIrVersion = 7;

    // Ops whose meaning is the same from opset 8 to 13 (BatchNormalization only loses `spatial`, whose value 1 is
    // the later fixed behaviour). A model using anything else below opset 13 is refused rather than silently changed.
    private static readonly HashSet<string> StableOps =
    [
        "Conv", "BatchNormalization", "Relu", "MaxPool", "AveragePool", "GlobalAveragePool", "GlobalMaxPool",
        "Add", "Sub", "Mul", "Flatten", "Reshape", "Concat", "Sigmoid", "Identity", "Softmax",
    ];

    public static ModelProto Build(byte[] preparedModel, string modelName)
    {
        var model = ModelProto.Parser.ParseFrom(preparedModel);
        var graph = model.Graph;
        var opset = model.OpsetImport.FirstOrDefault(o => o.Domain is "" or "ai.onnx");
        if (opset is null)
            throw new InvalidInputException($"--precision int8: model {modelName} declares no default-domain opset.");
        if (opset.Version < MinimumOpset)
        {
            var unknown = graph.Node.Select(n => n.OpType).Where(op => !StableOps.Contains(op)).Distinct().ToList();
            if (unknown.Count > 0)
                throw new InvalidInputException($"--precision int8: model {modelName} is opset {opset.Version} and uses {string.Join(", ", unknown)}, " +
                    $"which cannot be raised to opset {MinimumOpset} safely; export it at opset {MinimumOpset} or later.");
            opset.Version = MinimumOpset;
        }
        model.IrVersion = Math.Max(model.IrVersion, MinimumIrVersion);

        BatchNormalizationFolding.Fold(graph);
        foreach (var bn in graph.Node.Where(n => n.OpType == "BatchNormalization"))
        {
            var legacy = bn.Attribute.Where(a => a.Name is "spatial" or "consumed_inputs").ToList();
            foreach (var attribute in legacy)
                bn.Attribute.Remove(attribute);
        }

        var initializerNames = graph.Initializer.Select(t => t.Name).ToHashSet();
        var inputs = graph.Input.Where(i => !initializerNames.Contains(i.Name)).ToList();
        graph.Input.Clear();
        graph.Input.AddRange(inputs);
        return model;
    }
}
