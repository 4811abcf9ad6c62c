using Google.Protobuf;
using GalaxyActors.Core.Embedding;
using Onnx;

namespace GalaxyActors.Core.Tests.Embedding;

/// <summary>ONNX models the tests build themselves with OnnxSharp, written to a temporary folder.</summary>
internal static class TestModels
{
    // One folder per test process, removed when it exits: the ResNet18 variants are ~64 MB each.
    private static readonly string Folder = CreateFolder();

    public static string TempPath(string name) => Path.Combine(Folder, name);

    private static string CreateFolder()
    {
        var directory = Path.Combine(Path.GetTempPath(), "galaxyactors-embed-tests", Environment.ProcessId.ToString());
        Directory.CreateDirectory(directory);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(directory, recursive: true); }
            catch (IOException) { } // best effort: a leftover temp folder is harmless
        };
        return directory;
    }

    /// <summary>
    /// The bundled ResNet18 with a classifier head appended the way exported classifiers end:
    /// pool → Flatten → Gemm (512→1000, seeded random weights, transB) → Softmax.
    /// </summary>
    public static string ResNet18WithClassifierHead()
    {
        var path = TempPath("resnet18-with-head.onnx");
        if (File.Exists(path))
            return path;
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(ImageEmbedder.BundledModelPath));
        var graph = model.Graph;
        var pooled = graph.Output[0].Name;
        var random = new Random(42);
        var weights = new TensorProto { Name = "head_W", DataType = (int)TensorProto.Types.DataType.Float, Dims = { 1000, 512 } };
        for (var i = 0; i < 1000 * 512; i++)
            weights.FloatData.Add((float)(random.NextDouble() - 0.5) * 0.1f);
        var bias = new TensorProto { Name = "head_b", DataType = (int)TensorProto.Types.DataType.Float, Dims = { 1000 } };
        for (var i = 0; i < 1000; i++)
            bias.FloatData.Add((float)(random.NextDouble() - 0.5));
        graph.Initializer.Add(weights);
        graph.Initializer.Add(bias);
        graph.Node.Add(Node("Flatten", [pooled], "head_flat", ("axis", 1)));
        graph.Node.Add(Node("Gemm", ["head_flat", "head_W", "head_b"], "head_logits", ("transB", 1)));
        graph.Node.Add(Node("Softmax", ["head_logits"], "head_probabilities", ("axis", 1)));
        graph.Output.Clear();
        graph.Output.Add(FloatValue("head_probabilities", 1, 1000));
        File.WriteAllBytes(path, model.ToByteArray());
        return path;
    }

    /// <summary>
    /// The bundled ResNet18 ending in a Reshape whose target hardcodes batch 1 ([1, 512], as old exporters
    /// write it), then, when <paramref name="withHead"/>, a MatMul + Add classifier (512→10) without Softmax.
    /// </summary>
    public static string ResNet18WithHardcodedReshape(bool withHead)
    {
        var path = TempPath(withHead ? "resnet18-reshape-matmul.onnx" : "resnet18-reshape.onnx");
        if (File.Exists(path))
            return path;
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(ImageEmbedder.BundledModelPath));
        var graph = model.Graph;
        var pooled = graph.Output[0].Name;
        var shape = new TensorProto { Name = "reshape_shape", DataType = (int)TensorProto.Types.DataType.Int64, Dims = { 2 }, Int64Data = { 1, 512 } };
        graph.Initializer.Add(shape);
        graph.Node.Add(Node("Reshape", [pooled, "reshape_shape"], "reshaped"));
        graph.Output.Clear();
        if (!withHead)
        {
            graph.Output.Add(FloatValue("reshaped", 1, 512));
        }
        else
        {
            var random = new Random(3);
            var weights = new TensorProto { Name = "head_W", DataType = (int)TensorProto.Types.DataType.Float, Dims = { 512, 10 } };
            for (var i = 0; i < 5120; i++)
                weights.FloatData.Add((float)(random.NextDouble() - 0.5));
            var bias = new TensorProto { Name = "head_b", DataType = (int)TensorProto.Types.DataType.Float, Dims = { 10 } };
            for (var i = 0; i < 10; i++)
                bias.FloatData.Add(i);
            graph.Initializer.Add(weights);
            graph.Initializer.Add(bias);
            graph.Node.Add(Node("MatMul", ["reshaped", "head_W"], "head_product"));
            graph.Node.Add(Node("Add", ["head_product", "head_b"], "head_logits"));
            graph.Output.Add(FloatValue("head_logits", 1, 10));
        }
        File.WriteAllBytes(path, model.ToByteArray());
        return path;
    }

    /// <summary>A model with a 2-D input: Y[1,2] = X[1,4] · W[4,2]. Valid ONNX, not an image model.</summary>
    public static string MatMulModel()
    {
        var path = TempPath("matmul.onnx");
        var weights = new TensorProto { Name = "W", DataType = (int)TensorProto.Types.DataType.Float, Dims = { 4, 2 } };
        for (var i = 0; i < 8; i++)
            weights.FloatData.Add(i);
        var graph = new GraphProto
        {
            Name = "matmul",
            Input = { FloatValue("X", 1, 4) },
            Output = { FloatValue("Y", 1, 2) },
            Initializer = { weights },
            Node = { Node("MatMul", ["X", "W"], "Y") },
        };
        var model = new ModelProto { IrVersion = 7, Graph = graph, OpsetImport = { new OperatorSetIdProto { Domain = "", Version = 13 } } };
        File.WriteAllBytes(path, model.ToByteArray());
        return path;
    }

    private static NodeProto Node(string op, string[] inputs, string output, params (string Name, long Value)[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = output, Input = { inputs }, Output = { output } };
        foreach (var (name, value) in attributes)
            node.Attribute.Add(new AttributeProto { Name = name, I = value, Type = AttributeProto.Types.AttributeType.Int });
        return node;
    }

    private static ValueInfoProto FloatValue(string name, params long[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims)
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }
}
