using System.Globalization;

namespace GalaxyActors.Core.Jobs;

/// <summary>
/// What one option's number must satisfy, in the spirit of scikit-learn's <c>_parameter_constraints</c>
/// (<c>Interval(Integral, 1, None, closed="left")</c>): the rule table states it, and the message says it.
/// </summary>
public sealed record Interval(double? Low, double? High, bool LowClosed = true, bool HighClosed = true)
{
    /// <summary>[low, ∞).</summary>
    public static Interval AtLeast(double low) => new(low, null);

    /// <summary>(low, high].</summary>
    public static Interval OpenClosed(double low, double high) => new(low, high, LowClosed: false, HighClosed: true);

    /// <summary>True when <paramref name="value"/> lies inside (NaN never does).</summary>
    public bool Admits(double value) =>
        !double.IsNaN(value)
        && (Low is not { } low || (LowClosed ? value >= low : value > low))
        && (High is not { } high || (HighClosed ? value <= high : value < high));

    /// <summary>"must be at least 1", "must be in (0, 1]".</summary>
    public string Requirement => (Low, High) switch
    {
        ({ } low, null) => LowClosed ? $"must be at least {F(low)}" : $"must be above {F(low)}",
        (null, { } high) => HighClosed ? $"must be at most {F(high)}" : $"must be below {F(high)}",
        ({ } low, { } high) => $"must be in {(LowClosed ? "[" : "(")}{F(low)}, {F(high)}{(HighClosed ? "]" : ")")}",
        _ => "any value",
    };

    private static string F(double value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>One row of a rule table: the option it is about and how to find its problem in a <typeparamref name="T"/>.</summary>
internal sealed record OptionRule<T>(string Option, Func<T, string?> Problem)
{
    /// <summary>A number that must lie in <paramref name="interval"/>; null (not set) passes.</summary>
    public static OptionRule<T> Number(string option, Func<T, double?> value, Interval interval, string? why = null) =>
        new(option, t => value(t) is { } v && !interval.Admits(v)
            ? $"{option} {v.ToString(CultureInfo.InvariantCulture)}: {interval.Requirement}{(why is null ? "" : $" ({why})")}"
            : null);

    /// <summary>A name that must not be blank when <paramref name="applies"/> (null = not set passes).</summary>
    public static OptionRule<T> Name(string option, Func<T, string?> value, Func<T, bool>? applies = null) =>
        new(option, t => (applies?.Invoke(t) ?? true) && value(t) is { } v && string.IsNullOrWhiteSpace(v) ? $"{option}: must not be empty" : null);

    /// <summary>An enum value this build knows (a newer node may send one it does not).</summary>
    public static OptionRule<T> Known<TEnum>(string option, Func<T, TEnum> value) where TEnum : struct, Enum =>
        new(option, t => Enum.IsDefined(value(t)) ? null : $"{option}: value {Convert.ToInt64(value(t), CultureInfo.InvariantCulture)} is not known to this node");

    /// <summary>A relation between options; <paramref name="problem"/> gives the whole message or null.</summary>
    public static OptionRule<T> Relation(string option, Func<T, string?> problem) => new(option, problem);
}
