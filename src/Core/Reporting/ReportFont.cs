using SkiaSharp;

namespace GalaxyActors.Core.Reporting;

/// <summary>
/// The one typeface every figure uses: DejaVu Sans (Debian's fonts-dejavu-core, which .ci/run installs).
/// Naming one font, rather than taking whatever the machine's default is, keeps the PNGs identical
/// between runs and machines; failing loudly when it is missing beats figures with invisible text
/// (ScottPlot ships no font of its own, and Skia's fontconfig-free build finds only files on disk).
/// </summary>
public static class ReportFont
{
    public const string Family = "DejaVu Sans";

    private static readonly string[] KnownFiles =
    [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/TTF/DejaVuSans.ttf",
    ];

    private static readonly Lazy<SKTypeface> Resolved = new(Resolve);
    private static readonly Lazy<SKTypeface> ResolvedBold = new(() =>
        SKFontManager.Default.MatchFamily(Family, SKFontStyle.Bold) is { } bold && bold.FamilyName == Family ? bold : Resolved.Value);
    private static readonly Lock ScottPlotGate = new();
    private static bool _registered;

    public static SKTypeface Regular => Resolved.Value;
    public static SKTypeface Bold => ResolvedBold.Value;

    /// <summary>Makes ScottPlot draw with <see cref="Family"/> (registering the file when Skia's font manager cannot find it by name).</summary>
    public static void Apply(ScottPlot.Plot plot)
    {
        var typeface = Regular;
        lock (ScottPlotGate)
        {
            if (!_registered)
            {
                if (SKFontManager.Default.MatchFamily(Family) is not { } found || found.FamilyName != Family)
                    foreach (var file in KnownFiles)
                        if (File.Exists(file))
                        {
                            ScottPlot.Fonts.AddFontFile(Family, file, bold: false, italic: false);
                            break;
                        }
                _registered = true;
            }
        }
        plot.Font.Set(typeface.FamilyName);
    }

    private static SKTypeface Resolve()
    {
        if (SKFontManager.Default.MatchFamily(Family) is { } byName && byName.FamilyName == Family)
            return byName;
        foreach (var file in KnownFiles)
            if (File.Exists(file) && SKTypeface.FromFile(file) is { } fromFile)
                return fromFile;
        throw new InvalidOperationException(
            $"The report needs the '{Family}' font and it is not installed (Debian/Ubuntu: apt-get install fonts-dejavu-core).");
    }
}
