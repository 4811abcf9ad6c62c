using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;
using PureHDF.Selections;
using PureHDF.VOL.Native;

namespace GalaxyActors.Core.Hdf5;

/// <summary>
/// Hyperslab reads along the first dimension ("rows": images, feature vectors), converting from the
/// file's element type to the one we compute in. PureHDF reads raw elements of the exact .NET type,
/// so we read into a pooled buffer of the file's type and convert with TensorPrimitives (vectorised).
/// </summary>
internal static class Hdf5Reading
{
    /// <summary>Rows [start, start+count) of a dataset of any rank, all of every other dimension.</summary>
    public static Selection RowSlab(ulong[] dims, long start, long count)
    {
        var starts = new ulong[dims.Length];
        var blocks = (ulong[])dims.Clone();
        starts[0] = (ulong)start;
        blocks[0] = (ulong)count;
        return new HyperslabSelection(dims.Length, starts, blocks);
    }

    /// <summary>Reads raw elements of the file's own type (T must match it) into <paramref name="destination"/>.</summary>
    public static void ReadRaw<T>(NativeDataset dataset, ulong[] dims, long start, long count, Span<T> destination) where T : unmanaged
    {
        if (count == 0)
            return;
        dataset.Read(destination, RowSlab(dims, start, count));
    }

    /// <summary>Reads rows converting any integer or floating-point element type to <typeparamref name="TTo"/>.</summary>
    public static void ReadConverted<TTo>(NativeDataset dataset, Hdf5ElementType type, ulong[] dims, long start, long count, Span<TTo> destination)
        where TTo : unmanaged, INumberBase<TTo>
    {
        switch (type)
        {
            case Hdf5ElementType.UInt8: Via<byte, TTo>(dataset, dims, start, count, destination); break;
            case Hdf5ElementType.Int8: Via<sbyte, TTo>(dataset, dims, start, count, destination); break;
            case Hdf5ElementType.UInt16: Via<ushort, TTo>(dataset, dims, start, count, destination); break;
            case Hdf5ElementType.Int16: Via<short, TTo>(dataset, dims, start, count, destination); break;
            case Hdf5ElementType.UInt32: Via<uint, TTo>(dataset, dims, start, count, destination); break;
            case Hdf5ElementType.Int32: Via<int, TTo>(dataset, dims, start, count, destination); break;
            case Hdf5ElementType.UInt64: Via<ulong, TTo>(dataset, dims, start, count, destination); break;
            case Hdf5ElementType.Int64: Via<long, TTo>(dataset, dims, start, count, destination); break;
            case Hdf5ElementType.Float32: Via<float, TTo>(dataset, dims, start, count, destination); break;
            case Hdf5ElementType.Float64: Via<double, TTo>(dataset, dims, start, count, destination); break;
            default: throw new NotSupportedException($"Element type {type} cannot be converted.");
        }
    }

    private static void Via<TFrom, TTo>(NativeDataset dataset, ulong[] dims, long start, long count, Span<TTo> destination)
        where TFrom : unmanaged, INumberBase<TFrom>
        where TTo : unmanaged, INumberBase<TTo>
    {
        if (typeof(TFrom) == typeof(TTo))
        {
            ReadRaw(dataset, dims, start, count, System.Runtime.InteropServices.MemoryMarshal.Cast<TTo, TFrom>(destination));
            return;
        }
        var length = destination.Length;
        var buffer = ArrayPool<TFrom>.Shared.Rent(Math.Max(length, 1));
        try
        {
            var raw = buffer.AsSpan(0, length);
            ReadRaw(dataset, dims, start, count, raw);
            Convert(raw, destination);
        }
        finally
        {
            ArrayPool<TFrom>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Element-wise conversion. Floating-point to integer must be exact (labels stored as floats);
    /// integers out of the target's range throw OverflowException, which callers report as bad input.
    /// </summary>
    public static void Convert<TFrom, TTo>(ReadOnlySpan<TFrom> source, Span<TTo> destination)
        where TFrom : unmanaged, INumberBase<TFrom>
        where TTo : unmanaged, INumberBase<TTo>
    {
        if (IsFloatingPoint<TTo>())
        {
            // To floating point: a plain cast per element (exact for the integer and float32 inputs we see).
            TensorPrimitives.ConvertTruncating(source, destination);
            return;
        }
        if (!IsFloatingPoint<TFrom>())
        {
            TensorPrimitives.ConvertChecked(source, destination);
            return;
        }
        for (var i = 0; i < source.Length; i++)
        {
            var value = source[i];
            if (!TFrom.IsInteger(value))
                throw new OverflowException($"Value {value} is not a whole number.");
            destination[i] = TTo.CreateChecked(value);
        }
    }

    private static bool IsFloatingPoint<T>() =>
        typeof(T) == typeof(float) || typeof(T) == typeof(double) || typeof(T) == typeof(Half);
}
