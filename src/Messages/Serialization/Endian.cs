using System.Runtime.InteropServices;

namespace GalaxyActors.Messages.Serialization;

/// <summary>The wire is little-endian; on a big-endian host bulk arrays are byte-swapped element by element.</summary>
internal static class Endian
{
    public static void ReverseInPlace<T>(Span<byte> bytes) where T : unmanaged
    {
        int size = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        switch (size)
        {
            case 4:
                var words = MemoryMarshal.Cast<byte, uint>(bytes);
                System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(words, words);
                break;
            case 8:
                var longs = MemoryMarshal.Cast<byte, ulong>(bytes);
                System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(longs, longs);
                break;
            default:
                throw new NotSupportedException($"No byte swap for {size}-byte elements.");
        }
    }
}
