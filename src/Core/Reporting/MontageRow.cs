namespace GalaxyActors.Core.Reporting;

/// <summary>One cluster in a montage: its id, size, the galaxies nearest its centre and, when labels exist, its majority class.</summary>
/// <param name="MajorityClass">Most common true class among the members, null without labels or when empty.</param>
/// <param name="MajorityFraction">That class's share of the labelled members.</param>
/// <param name="MajorityName">That class's name, as the labels name it.</param>
public sealed record MontageRow(int Cluster, int Size, int[] Nearest, int? MajorityClass, double MajorityFraction, string? MajorityName = null);
