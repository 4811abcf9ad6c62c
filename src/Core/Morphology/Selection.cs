namespace GalaxyActors.Core.Morphology;

/// <summary>Order statistics in place (Hoare's quickselect with a median-of-three pivot: linear time, deterministic).</summary>
internal static class Selection
{
    /// <summary>Median of <paramref name="values"/> (mean of the two middle values when the count is even); reorders them.
    /// NaN when empty.</summary>
    public static float Median(Span<float> values)
    {
        var n = values.Length;
        if (n == 0)
            return float.NaN;
        var upper = Select(values, n / 2);
        if ((n & 1) == 1)
            return upper;
        // After selection every value left of n/2 is ≤ the upper middle: the lower middle is their maximum.
        var lower = float.NegativeInfinity;
        foreach (var v in values[..(n / 2)])
            lower = Math.Max(lower, v);
        return 0.5f * (lower + upper);
    }

    /// <summary>The k-th smallest value (0-based); afterwards values[..k] ≤ values[k] ≤ values[(k+1)..].</summary>
    public static float Select(Span<float> values, int k)
    {
        int left = 0, right = values.Length - 1;
        while (right > left)
        {
            var mid = left + ((right - left) >> 1);
            if (values[mid] < values[left]) Swap(values, mid, left);
            if (values[right] < values[left]) Swap(values, right, left);
            if (values[right] < values[mid]) Swap(values, right, mid);
            var pivot = values[mid];
            int i = left, j = right;
            while (i <= j)
            {
                while (values[i] < pivot) i++;
                while (values[j] > pivot) j--;
                if (i <= j)
                {
                    Swap(values, i, j);
                    i++;
                    j--;
                }
            }
            if (k <= j) right = j;
            else if (k >= i) left = i;
            else break;
        }
        return values[k];
    }

    private static void Swap(Span<float> values, int a, int b) => (values[a], values[b]) = (values[b], values[a]);
}
