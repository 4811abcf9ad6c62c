using GalaxyActors.Core;
using GalaxyActors.Core.Embedding;

namespace GalaxyActors.Seed.Cli;

/// <summary>Parses `--tta none|dihedral`.</summary>
public static class TtaOption
{
    public static TtaMode Parse(string text) => text.ToLowerInvariant() switch
    {
        "none" => TtaMode.None,
        "dihedral" => TtaMode.Dihedral,
        _ => throw new InvalidInputException($"--tta {text}: expected 'none' or 'dihedral'."),
    };
}
