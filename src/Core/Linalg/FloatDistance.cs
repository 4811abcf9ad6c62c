using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace GalaxyActors.Core.Linalg;

/// <summary>Squared Euclidean distance of two float rows, for the searches that only compare distances (k-means++
/// seeding, NN-descent): no square root, float32 FMA over 8 lanes.</summary>
internal static class FloatDistance
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float Squared(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var acc = Vector256<float>.Zero;
        var j = 0;
        for (; j + 8 <= a.Length; j += 8)
        {
            var diff = Vector256.Create(a.Slice(j, 8)) - Vector256.Create(b.Slice(j, 8));
            acc = Vector256.FusedMultiplyAdd(diff, diff, acc);
        }
        var sum = Vector256.Sum(acc);
        for (; j < a.Length; j++)
        {
            var diff = a[j] - b[j];
            sum += diff * diff;
        }
        return sum;
    }
}
