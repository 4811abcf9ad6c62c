using Onnx;

namespace GalaxyActors.Core.Embedding;

/// <summary>
/// Makes an NCHW convolutional model take square inputs of another size, editing only what ties it to
/// the size it was exported for, and only where the edit provably leaves the output at the exported size
/// unchanged:
/// <list type="bullet">
/// <item>An <c>AveragePool</c> without padding whose window covers its whole input at the exported size
/// (ML.NET ResNet18's final 7×7 pool) becomes a <c>GlobalAveragePool</c>: the same mean of the same values
/// at the exported size, the mean over whatever extent arrives at any other.</item>
/// <item>A <c>Conv</c>/<c>MaxPool</c>/<c>AveragePool</c> padded less at the end than at the start of an axis
/// (the export pads the stride-2 layers [3,2] and [1,0]: "same" padding for even sizes) gets the end pad
/// raised to the start pad, as PyTorch's ResNet pads. Output position i reads input rows
/// [i·s − begin, i·s − begin + (k−1)·d] whatever the end pad is; the end pad only decides how many
/// positions there are. So when the number of positions at the exported size stays the same (checked),
/// every output value is computed from the same window and is unchanged. At odd sizes the asymmetric
/// pads give the strided 3×3 branch one row fewer than the 1×1 shortcut and the residual <c>Add</c>
/// fails; symmetric pads make both ⌊(n−1)/2⌋+1.</item>
/// </list>
/// Spatial extents are propagated through the graph at both sizes (see <see cref="SpatialExtents"/>) to
/// decide the edits and to reject a size the model cannot take with a message instead of an ONNX Runtime
/// shape error. Shape annotations of intermediate values, written for the exported size, are dropped.
/// </summary>
public static class ModelInputResizer
{
    /// <summary>
    /// Edits <paramref name="graph"/> in place so its NCHW image input <paramref name="inputName"/>, exported for
    /// <paramref name="nativeHeight"/>×<paramref name="nativeWidth"/>, takes <paramref name="size"/>×<paramref name="size"/>.
    /// Returns one line per edited node ("Pooling395: AveragePool 7x7 → GlobalAveragePool").
    /// </summary>
    /// <exception cref="InvalidInputException">The model cannot take that size (an extent falls below 1 or a residual Add's inputs disagree).</exception>
    public static IReadOnlyList<string> Resize(GraphProto graph, string inputName, int nativeHeight, int nativeWidth, int size, string modelName)
    {
        EnsureSupported(size);
        var edits = new List<string>();
        var native = SpatialExtents.Propagate(graph, inputName, nativeHeight, nativeWidth);
        foreach (var node in graph.Node)
        {
            if (node.OpType is not ("Conv" or "MaxPool" or "AveragePool") || !native.TryGetValue(node.Input[0], out var extent))
                continue;
            if (node.OpType == "AveragePool" && IsGlobal(node, extent))
            {
                edits.Add($"{node.Name}: AveragePool {extent.Height}x{extent.Width} → GlobalAveragePool");
                node.OpType = "GlobalAveragePool";
                node.Attribute.Clear();
                continue;
            }
            if (MakePadsSymmetric(node, graph, extent) is { } edit)
                edits.Add($"{node.Name}: {edit}");
        }

        // Check the edited graph at the new size before ONNX Runtime does, to name the problem.
        var resized = SpatialExtents.Propagate(graph, inputName, size, size, modelName);
        foreach (var output in graph.Output)
            if (output.Type?.TensorType?.Shape?.Dim is { Count: 4 } outputDims)
            {
                // [N, C, 1, 1] after a global pool stays; a spatial output gets its new extent, or no shape when unknown.
                if (resized.TryGetValue(output.Name, out var extent))
                {
                    outputDims[2] = new TensorShapeProto.Types.Dimension { DimValue = extent.Height };
                    outputDims[3] = new TensorShapeProto.Types.Dimension { DimValue = extent.Width };
                }
                else
                {
                    output.Type.TensorType.Shape = null;
                }
            }

        var dims = graph.Input.First(i => i.Name == inputName).Type.TensorType.Shape.Dim;
        dims[2] = new TensorShapeProto.Types.Dimension { DimValue = size };
        dims[3] = new TensorShapeProto.Types.Dimension { DimValue = size };
        var kept = graph.ValueInfo.Where(v => v.Type?.TensorType?.Shape?.Dim.Count is not (>= 3)).ToList();
        graph.ValueInfo.Clear();
        graph.ValueInfo.AddRange(kept);
        return edits;
    }

    /// <summary>Throws <see cref="InvalidInputException"/> for a side below <see cref="EmbedderOptions.MinimumInputSize"/>.</summary>
    public static void EnsureSupported(int size)
    {
        if (size < EmbedderOptions.MinimumInputSize)
            throw new InvalidInputException($"--input-size {size}: must be at least {EmbedderOptions.MinimumInputSize} pixels.");
    }

    private static bool IsGlobal(NodeProto node, (int Height, int Width) extent)
    {
        var pads = SpatialExtents.Ints(node, "pads");
        var kernel = SpatialExtents.Ints(node, "kernel_shape");
        return SpatialExtents.AutoPadNotSet(node) && pads.All(p => p == 0) && kernel.Count == 2
               && kernel[0] == extent.Height && kernel[1] == extent.Width;
    }

    /// <summary>Raises end pads to the start pads where that keeps the output extent at the exported size; returns what changed.</summary>
    private static string? MakePadsSymmetric(NodeProto node, GraphProto graph, (int Height, int Width) extent)
    {
        var attribute = node.Attribute.FirstOrDefault(a => a.Name == "pads");
        if (attribute is null || attribute.Ints.Count != 4 || !SpatialExtents.AutoPadNotSet(node))
            return null;
        var before = attribute.Ints.ToArray();
        var after = (long[])before.Clone();
        after[2] = Math.Max(before[0], before[2]);
        after[3] = Math.Max(before[1], before[3]);
        if (after.SequenceEqual(before))
            return null;
        var kernel = SpatialExtents.KernelOf(node, graph);
        var strides = SpatialExtents.IntsOr(node, "strides", 1);
        var dilations = SpatialExtents.IntsOr(node, "dilations", 1);
        var ceil = SpatialExtents.CeilMode(node);
        int[] sizes = [extent.Height, extent.Width];
        for (var axis = 0; axis < 2; axis++)
        {
            var old = SpatialExtents.OutputExtent(sizes[axis], kernel[axis], strides[axis], dilations[axis], before[axis], before[axis + 2], ceil);
            var now = SpatialExtents.OutputExtent(sizes[axis], kernel[axis], strides[axis], dilations[axis], after[axis], after[axis + 2], ceil);
            if (old != now)
                return null; // the edit would change the output at the exported size: leave this node as it is
        }
        attribute.Ints.Clear();
        attribute.Ints.AddRange(after);
        return $"{node.OpType} {kernel[0]}x{kernel[1]}/{strides[0]} pads [{string.Join(",", before)}] → [{string.Join(",", after)}]";
    }
}
