using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Runtime.Serialization;
using System.Text;

namespace GalaxyActors.Messages.Serialization;

/// <summary>Reads what <see cref="WireWriter"/> wrote, checking every length against the bytes left.</summary>
internal ref struct WireReader
{
    private readonly ReadOnlySpan<byte> _bytes;
    private int _position;

    public WireReader(ReadOnlySpan<byte> bytes)
    {
        _bytes = bytes;
        _position = 0;
    }

    public readonly bool AtEnd => _position == _bytes.Length;

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > _bytes.Length - _position)
            throw new SerializationException($"Truncated or corrupt message: need {count} bytes at offset {_position}, {_bytes.Length - _position} left.");
        var span = _bytes.Slice(_position, count);
        _position += count;
        return span;
    }

    public byte Byte() => Take(1)[0];
    public bool Bool() => Byte() != 0;
    public int Int32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));
    public long Int64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));
    public double Double() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));
    public int? NullableInt32() => Bool() ? Int32() : null;
    public double? NullableDouble() => Bool() ? Double() : null;

    public string? NullableString()
    {
        int length = Int32();
        return length == -1 ? null : Encoding.UTF8.GetString(Take(length));
    }

    public string String() =>
        NullableString() ?? throw new SerializationException($"A required string was null at offset {_position}.");

    public ReadOnlySpan<byte> Bytes() => Take(Int32());

    /// <summary>Every byte left (a payload that is the rest of the message).</summary>
    public ReadOnlySpan<byte> Rest() => Take(_bytes.Length - _position);

    public float[] Floats() => Bulk<float>();
    public double[] Doubles() => Bulk<double>();
    public int[] Int32s() => Bulk<int>();
    public long[] Int64s() => Bulk<long>();

    private T[] Bulk<T>() where T : unmanaged
    {
        int count = Int32();
        int size = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        if (count < 0 || count > (_bytes.Length - _position) / size)
            throw new SerializationException($"Corrupt array length {count} at offset {_position}.");
        var values = new T[count];
        var target = MemoryMarshal.AsBytes(values.AsSpan());
        Take(count * size).CopyTo(target);
        if (!BitConverter.IsLittleEndian) Endian.ReverseInPlace<T>(target);
        return values;
    }
}
