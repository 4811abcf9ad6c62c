using System.Runtime.Intrinsics;

namespace GalaxyActors.Core.Linalg;

/// <summary>
/// Rejects NaN and infinite values before they poison a mean, a scatter matrix or a centroid
/// (one NaN silently turns every later number into NaN). Names the first bad row so the user can
/// find it in their file.
/// </summary>
public static class FiniteRows
{
    /// <param name="firstRow">Global index of the first row in <paramref name="rows"/>, for the message.</param>
    /// <param name="what">What the rows are ("features", "reduced points"), for the message.</param>
    public static void Ensure(ReadOnlySpan<float> rows, int columns, long firstRow, string what)
    {
        if (AllFinite(rows)) return;
        for (var i = 0; i < rows.Length; i++)
        {
            if (!float.IsFinite(rows[i]))
            {
                var row = firstRow + i / columns;
                throw new InvalidInputException(
                    $"The {what} contain a non-finite value ({rows[i]}) in row {row}, column {i % columns}: NaN and infinite features cannot be clustered.");
            }
        }
    }

    /// <summary>True when no value is NaN or infinite (one vectorised sweep).</summary>
    public static bool AllFinite(ReadOnlySpan<float> values)
    {
        // x − x is 0 for every finite x and NaN for NaN and ±∞, so one OR-reduction of the
        // differences finds any bad value in a vectorised sweep.
        var i = 0;
        var acc = Vector256<float>.Zero;
        for (; i + 8 <= values.Length; i += 8)
        {
            var v = Vector256.Create(values.Slice(i, 8));
            acc |= Vector256.Equals(v - v, Vector256<float>.Zero) ^ Vector256<float>.AllBitsSet;
        }
        if (acc != Vector256<float>.Zero) return false;
        for (; i < values.Length; i++)
            if (!float.IsFinite(values[i])) return false;
        return true;
    }

    /// <summary>Sets every NaN or infinite value to <paramref name="replacement"/>; how many there were.</summary>
    public static int Replace(Span<float> values, float replacement)
    {
        if (AllFinite(values)) return 0;
        var replaced = 0;
        foreach (ref var value in values)
        {
            if (float.IsFinite(value)) continue;
            value = replacement;
            replaced++;
        }
        return replaced;
    }
}
