using System.Numerics;

namespace GalaxyActors.Core.Hdf5;

/// <summary>
/// 8-bit pixels to float32 on the same 0..255 scale. Every image the embedder sees passes through
/// here, so it widens a whole vector of bytes at a time (byte → ushort → uint → float) instead of
/// converting one pixel per iteration.
/// </summary>
internal static class PixelConversion
{
    public static void WidenToSingle(ReadOnlySpan<byte> source, Span<float> destination)
    {
        if (destination.Length < source.Length)
            throw new ArgumentException("Destination is shorter than the source.", nameof(destination));

        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var bytesPerVector = Vector<byte>.Count;
            var floatsPerVector = Vector<float>.Count;
            for (; i <= source.Length - bytesPerVector; i += bytesPerVector)
            {
                var bytes = new Vector<byte>(source[i..]);
                Vector.Widen(bytes, out Vector<ushort> low, out Vector<ushort> high);
                Vector.Widen(low, out Vector<uint> q0, out Vector<uint> q1);
                Vector.Widen(high, out Vector<uint> q2, out Vector<uint> q3);
                var target = destination[i..];
                Vector.ConvertToSingle(q0).CopyTo(target);
                Vector.ConvertToSingle(q1).CopyTo(target[floatsPerVector..]);
                Vector.ConvertToSingle(q2).CopyTo(target[(2 * floatsPerVector)..]);
                Vector.ConvertToSingle(q3).CopyTo(target[(3 * floatsPerVector)..]);
            }
        }
        for (; i < source.Length; i++)
            destination[i] = source[i];
    }
}
