using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;

namespace GalaxyActors.Core.Embedding.Quantization;

/// <summary>Reads float initializers and builds the typed initializers a QDQ graph needs (always as raw little-endian data).</summary>
internal static class OnnxTensors
{
    /// <summary>The values of a float32 initializer, whether stored as float_data or raw_data.</summary>
    public static float[] ReadFloats(TensorProto tensor)
    {
        if (tensor.DataType != (int)TensorProto.Types.DataType.Float)
            throw new InvalidInputException($"Initializer {tensor.Name} is {(TensorProto.Types.DataType)tensor.DataType}, not float32; it cannot be quantized.");
        if (tensor.FloatData.Count > 0)
            return tensor.FloatData.ToArray();
        return MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray();
    }

    public static long ElementCount(TensorProto tensor)
    {
        long count = 1;
        foreach (var d in tensor.Dims)
            count *= d;
        return count;
    }

    public static TensorProto Float(string name, ReadOnlySpan<float> values, params long[] dims) =>
        Raw(name, TensorProto.Types.DataType.Float, MemoryMarshal.AsBytes(values), dims);

    public static TensorProto Int8(string name, ReadOnlySpan<sbyte> values, params long[] dims) =>
        Raw(name, TensorProto.Types.DataType.Int8, MemoryMarshal.AsBytes(values), dims);

    public static TensorProto UInt8(string name, ReadOnlySpan<byte> values, params long[] dims) =>
        Raw(name, TensorProto.Types.DataType.Uint8, values, dims);

    public static TensorProto Int32(string name, ReadOnlySpan<int> values, params long[] dims) =>
        Raw(name, TensorProto.Types.DataType.Int32, MemoryMarshal.AsBytes(values), dims);

    private static TensorProto Raw(string name, TensorProto.Types.DataType type, ReadOnlySpan<byte> bytes, long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(bytes) };
        tensor.Dims.AddRange(dims);
        return tensor;
    }
}
