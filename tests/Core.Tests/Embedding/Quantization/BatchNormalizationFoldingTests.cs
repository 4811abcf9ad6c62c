using GalaxyActors.Core.Embedding.Quantization;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;

namespace GalaxyActors.Core.Tests.Embedding.Quantization;

public class BatchNormalizationFoldingTests
{
    private static TensorProto Floats(string name, float[] values, params long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dims);
        tensor.FloatData.AddRange(values);
        return tensor;
    }

    private static ValueInfoProto Value(string name, params long[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims)
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = 1, Shape = shape } } };
    }

    /// <summary>x[1,2,3,3] → Conv 3×3 (2→2, bias, pad 1) → BatchNormalization (ε = 1e-3) → y.</summary>
    private static ModelProto ConvThenBatchNorm()
    {
        var random = new Random(4);
        float[] Random(int n) => Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var graph = new GraphProto { Name = "g" };
        graph.Input.Add(Value("x", 1, 2, 3, 3));
        graph.Output.Add(Value("y", 1, 2, 3, 3));
        graph.Initializer.Add(Floats("W", Random(36), 2, 2, 3, 3));
        graph.Initializer.Add(Floats("B", Random(2), 2));
        graph.Initializer.Add(Floats("gamma", [1.5f, -0.5f], 2));
        graph.Initializer.Add(Floats("beta", [0.25f, 2f], 2));
        graph.Initializer.Add(Floats("mean", [0.1f, -0.3f], 2));
        graph.Initializer.Add(Floats("var", [0.8f, 2.5f], 2));
        var conv = new NodeProto { OpType = "Conv", Name = "conv", Input = { "x", "W", "B" }, Output = { "c" } };
        conv.Attribute.Add(new AttributeProto { Name = "pads", Ints = { 1, 1, 1, 1 }, Type = AttributeProto.Types.AttributeType.Ints });
        var bn = new NodeProto { OpType = "BatchNormalization", Name = "bn", Input = { "c", "gamma", "beta", "mean", "var" }, Output = { "y" } };
        bn.Attribute.Add(new AttributeProto { Name = "epsilon", F = 1e-3f, Type = AttributeProto.Types.AttributeType.Float });
        graph.Node.Add(conv);
        graph.Node.Add(bn);
        var model = new ModelProto { IrVersion = 7, Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
        return model;
    }

    private static float[] Run(ModelProto model, float[] input)
    {
        using var session = new InferenceSession(model.ToByteArray());
        using var x = OrtValue.CreateTensorValueFromMemory(input, [1, 2, 3, 3]);
        using var results = session.Run(new RunOptions(), ["x"], [x], ["y"]);
        return results[0].GetTensorDataAsSpan<float>().ToArray();
    }

    [Fact]
    public void Folded_conv_computes_what_onnx_runtime_computes_for_conv_then_batch_norm()
    {
        var model = ConvThenBatchNorm();
        var input = Enumerable.Range(0, 18).Select(i => (float)Math.Sin(i)).ToArray();
        var expected = Run(model, input);

        var folded = model.Clone();
        Assert.Equal(1, BatchNormalizationFolding.Fold(folded.Graph));
        Assert.DoesNotContain(folded.Graph.Node, n => n.OpType == "BatchNormalization");
        Assert.DoesNotContain(folded.Graph.Initializer, t => t.Name == "gamma"); // unused parameters dropped
        var actual = Run(folded, input);
        for (var i = 0; i < expected.Length; i++)
            Assert.Equal(expected[i], actual[i], 1e-5);
    }
}
