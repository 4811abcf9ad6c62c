namespace GalaxyActors.Core.Linalg;

/// <summary>
/// Applies a <see cref="FeatureNorm"/> to feature rows in place. Row-local, so a slice normalises its own rows and
/// the result does not depend on how rows are split. Portable bits: the square roots are IEEE-exact and each row's
/// squared length is summed in double, value by value in index order, so every node (whatever its vector width)
/// gives the same floats.
/// </summary>
public static class FeatureNormalization
{
    /// <summary>Normalises the <paramref name="rows"/> rows of <paramref name="dimensions"/> values in <paramref name="values"/>.</summary>
    public static void Apply(FeatureNorm norm, Span<float> values, int rows, int dimensions)
    {
        if (norm == FeatureNorm.None) return;
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        if (values.Length < (long)rows * dimensions)
            throw new ArgumentException($"{values.Length} values hold fewer than {rows} rows of {dimensions}.", nameof(values));
        for (var r = 0; r < rows; r++)
            ApplyToRow(norm, values.Slice(r * dimensions, dimensions));
    }

    /// <summary>Normalises every row of <paramref name="matrix"/> in place.</summary>
    public static void Apply(FeatureNorm norm, RowMatrix matrix) => Apply(norm, matrix.Data, matrix.Rows, matrix.Columns);

    /// <summary>One row in place. A zero row stays zero (it has no direction).</summary>
    public static void ApplyToRow(FeatureNorm norm, Span<float> row)
    {
        if (norm == FeatureNorm.None) return;
        if (norm == FeatureNorm.SqrtL2)
            for (var i = 0; i < row.Length; i++)
                row[i] = MathF.CopySign(MathF.Sqrt(MathF.Abs(row[i])), row[i]);
        double squared = 0;
        foreach (var value in row) squared += (double)value * value;
        if (!(squared > 0) || double.IsInfinity(squared)) return; // zero stays zero; non-finite rows are reported by the PCA statistics
        var scale = (float)(1.0 / Math.Sqrt(squared));
        for (var i = 0; i < row.Length; i++)
            row[i] *= scale;
    }

    /// <summary>The option's word (--feature-norm).</summary>
    public static string Name(FeatureNorm norm) => norm switch
    {
        FeatureNorm.None => "none",
        FeatureNorm.L2 => "l2",
        FeatureNorm.SqrtL2 => "sqrt-l2",
        _ => throw new ArgumentOutOfRangeException(nameof(norm), norm, null),
    };

    /// <summary>Parses --feature-norm's word.</summary>
    public static FeatureNorm Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "none" => FeatureNorm.None,
        "l2" => FeatureNorm.L2,
        "sqrt-l2" or "sqrtl2" => FeatureNorm.SqrtL2,
        _ => throw new InvalidInputException($"--feature-norm {text}: expected none, l2 or sqrt-l2."),
    };
}
