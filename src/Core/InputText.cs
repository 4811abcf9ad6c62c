namespace GalaxyActors.Core;

/// <summary>How user-given text (a dataset name, a path) appears inside a message: whole when short, cut when not, so a
/// 3 MB dataset name cannot become a 3 MB error line or log entry.</summary>
public static class InputText
{
    /// <summary>Characters kept of a long value.</summary>
    public const int MaximumShown = 120;

    /// <summary><paramref name="text"/>, or its start and its length when longer than <see cref="MaximumShown"/>.</summary>
    public static string Brief(string text) =>
        text.Length <= MaximumShown ? text : $"{text[..MaximumShown]}… ({text.Length:N0} characters)";
}
