namespace GalaxyActors.Core.Morphology;

/// <summary>
/// One non-parametric morphology measure (statmorph's names and definitions, Rodriguez-Gomez et al. 2019), stored in
/// features.h5 as <c>morphology/{Name}</c> and summarised per cluster.
/// </summary>
/// <param name="Index">Column of this quantity in a row of <see cref="MorphologyMeter"/>'s output.</param>
/// <param name="Name">Dataset name and summary.json key (snake_case).</param>
/// <param name="Symbol">How astronomers write it (report tables).</param>
/// <param name="Description">One sentence: definition and unit.</param>
public sealed record MorphologyQuantity(int Index, string Name, string Symbol, string Description);

/// <summary>The measured quantities, in the column order of every morphology row.</summary>
public static class MorphologyQuantities
{
    public static readonly MorphologyQuantity Concentration = new(0, "concentration", "C",
        "5 log₁₀(r₈₀/r₂₀), radii enclosing 80 % and 20 % of the segment's flux (Bershady et al. 2000).");
    public static readonly MorphologyQuantity Asymmetry = new(1, "asymmetry", "A",
        "Σ|I − I₁₈₀| / Σ|I| about the centre that minimises it, minus the same for the sky (Conselice et al. 2000).");
    public static readonly MorphologyQuantity Gini = new(2, "gini", "G",
        "Gini coefficient of the segment's pixel fluxes: 0 = all equal, 1 = all light in one pixel (Lotz et al. 2004).");
    public static readonly MorphologyQuantity M20 = new(3, "m20", "M₂₀",
        "log₁₀ of the second moment of the brightest 20 % of the light over the total second moment (Lotz et al. 2004).");
    public static readonly MorphologyQuantity AxisRatio = new(4, "axis_ratio", "b/a",
        "Minor over major axis from the segment's flux-weighted second moments: 1 = round, → 0 = edge-on.");
    public static readonly MorphologyQuantity PositionAngle = new(5, "position_angle", "PA",
        "Major axis angle in degrees, [0, 180), from the image's +x (column) axis towards +y (row).");
    public static readonly MorphologyQuantity HalfLightRadius = new(6, "half_light_radius", "r₅₀",
        "Radius in input pixels of the circle about the flux centroid holding half the segment's flux.");
    public static readonly MorphologyQuantity Colour = new(7, "colour", "colour",
        "−2.5 log₁₀(blue/red flux) in the segment; larger is redder (SDSS composites map g, r, i to B, G, R).");

    public static readonly IReadOnlyList<MorphologyQuantity> All =
        [Concentration, Asymmetry, Gini, M20, AxisRatio, PositionAngle, HalfLightRadius, Colour];

    public static int Count => All.Count;
}
