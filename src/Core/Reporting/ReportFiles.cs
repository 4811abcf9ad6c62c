namespace GalaxyActors.Core.Reporting;

/// <summary>
/// What <see cref="ReportWriter.Write"/> produced: the page's path, the figure files, and what the
/// figures marked (so callers and tests can check them against summary.json).
/// </summary>
public sealed record ReportFiles
{
    public required string ReportPath { get; init; }

    /// <summary>File name (elbow.png, …) → full path, in the order written.</summary>
    public required IReadOnlyDictionary<string, string> Figures { get; init; }

    /// <summary>The K marked as used on elbow.png.</summary>
    public required int ElbowMarkedK { get; init; }

    /// <summary>The gap marked on eigenvalues.png lies after this eigenvalue (1-based).</summary>
    public required int EigenvalueGapK { get; init; }

    public required int PcaMarkedComponents { get; init; }
    public required MontageLayout KMeansMontage { get; init; }
    public required MontageLayout SpectralMontage { get; init; }

    /// <summary>Null when the galaxies were drawn; else why the montages and grid show none.</summary>
    public string? ImagesUnavailableReason { get; init; }
}
