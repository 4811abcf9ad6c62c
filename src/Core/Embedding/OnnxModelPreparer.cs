using Google.Protobuf;
using GalaxyActors.Core.Imaging;
using Onnx;

namespace GalaxyActors.Core.Embedding;

/// <summary>
/// Readies an ONNX image model for batched feature extraction, editing its graph with OnnxSharp:
/// validates it, finds the image input, makes the batch dimension dynamic (many exported models fix it
/// to 1, ML.NET's ResNet18 included), and cuts a trailing classifier head so the output is the
/// global-pool features, flattened to [batch, D]. Given an input size, it also lets the model take
/// square images of that size (<see cref="ModelInputResizer"/>).
/// </summary>
public static class OnnxModelPreparer
{
    /// <summary>Name given to the dynamic batch dimension.</summary>
    public const string BatchDimension = "N";

    /// <summary>Input size assumed when a model leaves height and width dynamic (the ImageNet convention).</summary>
    public const int DefaultImageSize = 224;

    private static readonly HashSet<string> TrailingActivations = ["Softmax", "LogSoftmax", "Sigmoid", "Identity"];
    private static readonly HashSet<string> Flattening = ["Flatten", "Reshape", "Squeeze"];
    private static readonly HashSet<string> GlobalPools = ["GlobalAveragePool", "AveragePool", "ReduceMean", "GlobalMaxPool"];

    /// <summary>Loads, checks and prepares the model at <paramref name="path"/>; user errors throw <see cref="InvalidInputException"/>.</summary>
    /// <param name="inputSize">Side of the square input to make the model take; null = the size it was exported for, graph untouched.</param>
    public static PreparedModel Prepare(string path, int? inputSize = null)
    {
        var model = Load(path);
        var graph = model.Graph;
        var (input, layout, height, width, channels) = FindImageInput(path, graph);
        if (graph.Output.Count == 0)
            throw new InvalidInputException($"Model file {path} has no outputs.");
        IReadOnlyList<string> edits = [];
        if (inputSize is { } size)
        {
            if (layout != TensorLayout.Nchw)
                throw new InvalidInputException($"--input-size {size}: model file {path} takes NHWC input; only NCHW models can be resized.");
            edits = ModelInputResizer.Resize(graph, input.Name, height, width, size, Path.GetFileName(path));
            (height, width) = (size, size);
        }

        var (outputName, featureDimension, headCut) = CutClassifierHead(graph);
        MakeBatchDynamic(graph);

        var description = new ModelDescription(Path.GetFileName(path), input.Name, layout, height, width, channels,
            outputName, featureDimension, headCut);
        return new PreparedModel(model.ToByteArray(), description) { SizeEdits = edits };
    }

    private static ModelProto Load(string path)
    {
        if (!File.Exists(path))
            throw new InvalidInputException($"Model file {path} does not exist.");
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidInputException($"Model file {path} is not an ONNX model: {e.Message}", e);
        }
        // Protobuf accepts many byte strings (an empty file is a valid empty message), so insist on a graph.
        if (model.Graph is null || model.Graph.Node.Count == 0)
            throw new InvalidInputException($"Model file {path} is not an ONNX model: it holds no graph.");
        return model;
    }

    private static (ValueInfoProto Input, TensorLayout Layout, int Height, int Width, int Channels) FindImageInput(string path, GraphProto graph)
    {
        var initializers = graph.Initializer.Select(t => t.Name).ToHashSet();
        var inputs = graph.Input.Where(i => !initializers.Contains(i.Name)).ToList();
        if (inputs.Count != 1)
            throw new InvalidInputException($"Model file {path} has {inputs.Count} data inputs ({Describe(inputs)}); an image model takes exactly one.");
        var input = inputs[0];
        var tensor = input.Type?.TensorType;
        var dims = tensor?.Shape?.Dim;
        if (tensor is null || tensor.ElemType != (int)TensorProto.Types.DataType.Float || dims is null || dims.Count != 4)
            throw new InvalidInputException($"Model file {path} has no image input: its input {Describe(inputs)} is not a 4-D float tensor.");
        long Dim(int i) => dims[i].ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue ? dims[i].DimValue : -1;
        TensorLayout layout;
        long c, h, w;
        if (Dim(1) is 1 or 3)
            (layout, c, h, w) = (TensorLayout.Nchw, Dim(1), Dim(2), Dim(3));
        else if (Dim(3) is 1 or 3)
            (layout, c, h, w) = (TensorLayout.Nhwc, Dim(3), Dim(1), Dim(2));
        else
            throw new InvalidInputException($"Model file {path} has no image input: {Describe(inputs)} has neither 3 channels second (NCHW) nor last (NHWC).");
        if (c != 3)
            throw new InvalidInputException($"Model file {path} takes {c}-channel images; only 3-channel (RGB) models are supported.");
        return (input, layout, h > 0 ? (int)h : DefaultImageSize, w > 0 ? (int)w : DefaultImageSize, 3);
    }

    /// <summary>
    /// Walks back from the output over [Softmax] ← Gemm | MatMul [+ Add] ← [Flatten/Reshape/Squeeze] ← pool.
    /// When the whole pattern is there the head is removed and a Flatten appended to the pool, so the
    /// output is [batch, D] with D read from the classifier's weight matrix. Otherwise the output stays.
    /// </summary>
    private static (string OutputName, int FeatureDimension, bool HeadCut) CutClassifierHead(GraphProto graph)
    {
        var output = graph.Output[0];
        var producers = new Dictionary<string, NodeProto>();
        foreach (var node in graph.Node)
            foreach (var name in node.Output)
                producers[name] = node;
        var initializers = graph.Initializer.ToDictionary(t => t.Name);
        NodeProto? Producer(string name) => producers.GetValueOrDefault(name);

        var current = Producer(output.Name);
        while (current is not null && TrailingActivations.Contains(current.OpType))
            current = Producer(current.Input[0]);

        if (current?.OpType == "Add")
            current = current.Input.Select(Producer).FirstOrDefault(p => p?.OpType is "MatMul" or "Gemm");
        int featureDimension;
        switch (current?.OpType)
        {
            case "Gemm":
                var transB = current.Attribute.FirstOrDefault(a => a.Name == "transB")?.I ?? 0;
                featureDimension = initializers.TryGetValue(current.Input[1], out var gemmWeights) && gemmWeights.Dims.Count == 2
                    ? (int)gemmWeights.Dims[transB != 0 ? 1 : 0] : 0;
                break;
            case "MatMul":
                featureDimension = initializers.TryGetValue(current.Input[1], out var matMulWeights) && matMulWeights.Dims.Count == 2
                    ? (int)matMulWeights.Dims[0] : 0;
                break;
            default:
                return (output.Name, KnownFeatureDimension(output), false);
        }

        var pool = Producer(current.Input[0]);
        while (pool is not null && Flattening.Contains(pool.OpType))
            pool = Producer(pool.Input[0]);
        if (pool is null || !GlobalPools.Contains(pool.OpType))
            return (output.Name, KnownFeatureDimension(output), false);

        var pooled = pool.Output[0];
        var features = pooled + "_features";
        var flatten = new NodeProto { OpType = "Flatten", Name = features, Input = { pooled }, Output = { features } };
        flatten.Attribute.Add(new AttributeProto { Name = "axis", I = 1, Type = AttributeProto.Types.AttributeType.Int });
        graph.Node.Add(flatten);

        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = BatchDimension });
        if (featureDimension > 0)
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = featureDimension });
        else
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "D" });
        graph.Output.Clear();
        graph.Output.Add(new ValueInfoProto
        {
            Name = features,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        });
        Prune(graph, features);
        return (features, featureDimension, true);
    }

    private static int KnownFeatureDimension(ValueInfoProto output)
    {
        var dims = output.Type?.TensorType?.Shape?.Dim;
        if (dims is null || dims.Count < 2)
            return 0;
        long product = 1;
        for (var i = 1; i < dims.Count; i++)
        {
            if (dims[i].ValueCase != TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue || dims[i].DimValue <= 0)
                return 0;
            product *= dims[i].DimValue;
        }
        return (int)product;
    }

    /// <summary>Keeps only the nodes, initializers and shape annotations the new output still needs.</summary>
    private static void Prune(GraphProto graph, string outputName)
    {
        var producers = new Dictionary<string, NodeProto>();
        foreach (var node in graph.Node)
            foreach (var name in node.Output)
                producers[name] = node;
        var needed = new HashSet<NodeProto>(ReferenceEqualityComparer.Instance);
        var usedNames = new HashSet<string> { outputName };
        var pending = new Stack<string>([outputName]);
        while (pending.Count > 0)
        {
            if (!producers.TryGetValue(pending.Pop(), out var node) || !needed.Add(node))
                continue;
            foreach (var name in node.Input)
                if (usedNames.Add(name))
                    pending.Push(name);
        }
        var kept = graph.Node.Where(needed.Contains).ToList();
        graph.Node.Clear();
        graph.Node.AddRange(kept);
        var originalInitializers = graph.Initializer.Select(t => t.Name).ToHashSet();
        var initializers = graph.Initializer.Where(t => usedNames.Contains(t.Name)).ToList();
        graph.Initializer.Clear();
        graph.Initializer.AddRange(initializers);
        var produced = kept.SelectMany(n => n.Output).ToHashSet();
        var valueInfo = graph.ValueInfo.Where(v => produced.Contains(v.Name) && v.Name != outputName).ToList();
        graph.ValueInfo.Clear();
        graph.ValueInfo.AddRange(valueInfo);
        // IR < 4 models list initializers among the inputs too: drop those that fed only the head.
        var inputs = graph.Input.Where(i => !originalInitializers.Contains(i.Name) || usedNames.Contains(i.Name)).ToList();
        graph.Input.Clear();
        graph.Input.AddRange(inputs);
    }

    /// <summary>
    /// Leading dimension 1 → symbolic "N" on the data input, intermediate annotations and outputs, and
    /// Reshape targets that hardcode batch 1 → 0 ("copy the input's dimension"), so any batch size runs.
    /// </summary>
    private static void MakeBatchDynamic(GraphProto graph)
    {
        var initializerNames = graph.Initializer.Select(t => t.Name).ToHashSet();
        foreach (var value in graph.Input.Where(i => !initializerNames.Contains(i.Name)).Concat(graph.ValueInfo).Concat(graph.Output))
        {
            var dims = value.Type?.TensorType?.Shape?.Dim;
            if (dims is { Count: > 0 } && dims[0].ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue && dims[0].DimValue == 1)
                dims[0] = new TensorShapeProto.Types.Dimension { DimParam = BatchDimension };
        }

        var initializers = graph.Initializer.ToDictionary(t => t.Name);
        var constants = new Dictionary<string, TensorProto>();
        foreach (var node in graph.Node.Where(n => n.OpType == "Constant"))
            if (node.Attribute.FirstOrDefault(a => a.Name == "value")?.T is { } value)
                constants[node.Output[0]] = value;
        foreach (var node in graph.Node.Where(n => n.OpType == "Reshape"))
        {
            if (initializers.ContainsKey(node.Input[0]))
                continue; // reshaping a weight, not a batch of activations
            if (node.Input.Count > 1)
            {
                if (initializers.TryGetValue(node.Input[1], out var shape) || constants.TryGetValue(node.Input[1], out shape))
                    ReplaceLeadingOne(shape);
            }
            else if (node.Attribute.FirstOrDefault(a => a.Name == "shape") is { Ints.Count: > 0 } attribute && attribute.Ints[0] == 1)
            {
                attribute.Ints[0] = 0;
            }
        }
    }

    private static void ReplaceLeadingOne(TensorProto shape)
    {
        if (shape.DataType != (int)TensorProto.Types.DataType.Int64)
            return;
        if (shape.Int64Data.Count > 0)
        {
            if (shape.Int64Data[0] == 1)
                shape.Int64Data[0] = 0;
            return;
        }
        var values = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(shape.RawData.Span).ToArray();
        if (values.Length > 0 && values[0] == 1)
        {
            values[0] = 0;
            shape.RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
        }
    }

    private static string Describe(IEnumerable<ValueInfoProto> values) =>
        string.Join(", ", values.Select(v =>
        {
            var t = v.Type?.TensorType;
            var dims = t?.Shape?.Dim.Select(d => d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue ? d.DimValue.ToString() : d.DimParam);
            return $"{v.Name} {(t is null ? "non-tensor" : ((TensorProto.Types.DataType)t.ElemType).ToString().ToLowerInvariant())}[{string.Join(",", dims ?? [])}]";
        }));
}
