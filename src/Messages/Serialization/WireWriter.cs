using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace GalaxyActors.Messages.Serialization;

/// <summary>
/// Appends little-endian primitives, length-prefixed UTF-8 strings and raw bulk arrays to a pooled buffer.
/// Bulk arrays are copied as their bytes (MemoryMarshal), not element by element: a 1 MiB float block costs one memcpy.
/// </summary>
internal sealed class WireWriter : IDisposable
{
    private byte[] _buffer;
    private int _position;

    public WireWriter(int initialCapacity = 256) => _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);

    public byte[] ToArray() => _buffer.AsSpan(0, _position).ToArray();

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    private Span<byte> Take(int count)
    {
        if (_position + count > _buffer.Length)
        {
            var grown = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _position + count));
            _buffer.AsSpan(0, _position).CopyTo(grown);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = grown;
        }
        var span = _buffer.AsSpan(_position, count);
        _position += count;
        return span;
    }

    public void Byte(byte value) => Take(1)[0] = value;
    public void Bool(bool value) => Byte(value ? (byte)1 : (byte)0);
    public void Int32(int value) => BinaryPrimitives.WriteInt32LittleEndian(Take(4), value);
    public void Int64(long value) => BinaryPrimitives.WriteInt64LittleEndian(Take(8), value);
    public void Double(double value) => BinaryPrimitives.WriteDoubleLittleEndian(Take(8), value);

    public void NullableInt32(int? value)
    {
        Bool(value.HasValue);
        if (value.HasValue) Int32(value.Value);
    }

    public void NullableDouble(double? value)
    {
        Bool(value.HasValue);
        if (value.HasValue) Double(value.Value);
    }

    /// <summary>UTF-8 with an int32 byte-length prefix; null is length −1.</summary>
    public void String(string? value)
    {
        if (value is null) { Int32(-1); return; }
        int length = Encoding.UTF8.GetByteCount(value);
        Int32(length);
        Encoding.UTF8.GetBytes(value, Take(length));
    }

    public void Bytes(ReadOnlySpan<byte> bytes)
    {
        Int32(bytes.Length);
        bytes.CopyTo(Take(bytes.Length));
    }

    /// <summary>Bytes as they are, without a length (a payload that is the rest of the message).</summary>
    public void Raw(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Take(bytes.Length));

    public void Floats(float[] values) => Bulk(values, nameof(Floats));
    public void Doubles(double[] values) => Bulk(values, nameof(Doubles));
    public void Int32s(int[] values) => Bulk(values, nameof(Int32s));
    public void Int64s(long[] values) => Bulk(values, nameof(Int64s));

    /// <summary>Element count, then the elements' raw little-endian bytes.</summary>
    private void Bulk<T>(T[] values, string what) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(values, what);
        Int32(values.Length);
        var target = Take(values.Length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>());
        MemoryMarshal.AsBytes(values.AsSpan()).CopyTo(target);
        if (!BitConverter.IsLittleEndian) Endian.ReverseInPlace<T>(target);
    }
}
