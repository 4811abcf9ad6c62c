namespace GalaxyActors.Core.Linalg;

/// <summary>Cosine similarity of feature vectors, accumulated in double (the benchmarks compare features with it).</summary>
public static class FeatureCosine
{
    /// <summary>cos(a, b); two zero vectors count as 1 (identical), one zero vector against another as 0.</summary>
    public static double Of(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
            throw new ArgumentException($"Vectors of {a.Length} and {b.Length} values cannot be compared.", nameof(b));
        double dot = 0, aa = 0, bb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            aa += (double)a[i] * a[i];
            bb += (double)b[i] * b[i];
        }
        return aa == 0 && bb == 0 ? 1 : aa == 0 || bb == 0 ? 0 : dot / Math.Sqrt(aa * bb);
    }
}
