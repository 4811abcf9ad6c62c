using System.Globalization;
using System.Text.RegularExpressions;

namespace GalaxyActors.Core.Hdf5;

/// <summary>
/// Finds the values a free-text note marks as "no class", as catalogues write them next to their labels:
/// "255 = unlabelled", "-1: no consensus", "label 99 means unclassified", "unlabelled (255)".
/// </summary>
public static partial class UnlabelledNote
{
    // A number, then within a few words a phrase meaning "no class" — or the phrase, then the number in brackets.
    [GeneratedRegex(@"(?<value>-?\d+)\s*(?:=|:|->|→|means|is|for|-)?\s*(?:an?\s+)?(?:un-?label(?:l)?ed|no\s+(?:class|label|consensus)|unclassified|not\s+classified|unknown|missing)"
                    + @"|(?:un-?label(?:l)?ed|no\s+(?:class|label|consensus)|unclassified|unknown|missing)\s*[\(\[:=]\s*(?<value>-?\d+)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    /// <summary>The values the note marks as "no class" (none when it marks none).</summary>
    public static IEnumerable<int> Values(string note)
    {
        foreach (Match match in Pattern().Matches(note))
            if (int.TryParse(match.Groups["value"].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
                yield return value;
    }
}
