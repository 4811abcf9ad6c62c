using GalaxyActors.Core.Morphology;

namespace GalaxyActors.Core.Tests.Morphology;

public class MorphologyProfileTests
{
    private static readonly int Columns = MorphologyQuantities.Count;

    /// <summary>A row with b/a, C, A, G, M20 and colour set, the rest NaN.</summary>
    private static float[] Row(float ratio, float concentration, float colour = float.NaN, float asymmetry = 0.05f,
        float gini = 0.45f, float m20 = -1.8f)
    {
        var row = Enumerable.Repeat(float.NaN, Columns).ToArray();
        row[MorphologyQuantities.AxisRatio.Index] = ratio;
        row[MorphologyQuantities.Concentration.Index] = concentration;
        row[MorphologyQuantities.Colour.Index] = colour;
        row[MorphologyQuantities.Asymmetry.Index] = asymmetry;
        row[MorphologyQuantities.Gini.Index] = gini;
        row[MorphologyQuantities.M20.Index] = m20;
        return row;
    }

    [Fact]
    public void Median_and_quartiles_interpolate_like_numpy_and_skip_nan()
    {
        var index = MorphologyQuantities.HalfLightRadius.Index;
        float[] values = [3, float.NaN, 1, 4, 2];
        var rows = new float[values.Length * Columns];
        Array.Fill(rows, float.NaN);
        for (var i = 0; i < values.Length; i++)
            rows[i * Columns + index] = values[i];
        var cluster = Assert.Single(MorphologyProfile.PerCluster(rows, [0, 0, 0, 0, 0], 1));
        var summary = cluster.Quantities[index];
        Assert.Equal(2.5, summary.Median, 12);
        Assert.Equal(1.75, summary.LowerQuartile, 12);
        Assert.Equal(3.25, summary.UpperQuartile, 12);
        Assert.Equal(4, summary.Measured);
        Assert.Equal(5, cluster.Size);
        Assert.Equal(0, cluster.Quantities[MorphologyQuantities.Gini.Index].Measured);
        Assert.True(double.IsNaN(cluster.Quantities[MorphologyQuantities.Gini.Index].Median));
    }

    [Fact]
    public void Odd_counts_take_the_middle_value()
    {
        var index = MorphologyQuantities.Gini.Index;
        float[] values = [0.5f, 0.1f, 0.3f];
        var rows = new float[values.Length * Columns];
        for (var i = 0; i < values.Length; i++)
            rows[i * Columns + index] = values[i];
        var summary = MorphologyProfile.PerCluster(rows, [0, 0, 0], 1)[0].Quantities[index];
        Assert.Equal(0.3, summary.Median, 6);
        Assert.Equal(0.2, summary.LowerQuartile, 6);
        Assert.Equal(0.4, summary.UpperQuartile, 6);
    }

    [Fact]
    public void Descriptions_name_shape_concentration_and_relative_colour()
    {
        // Cluster 0: edge-on, concentrated, red. Cluster 1: round, diffuse, blue, disturbed. Cluster 2: in between.
        // Cluster 3: nothing measured. Cluster 4: empty.
        float[][] rows =
        [
            Row(0.30f, 3.9f, colour: 1.0f), Row(0.32f, 4.0f, colour: 1.1f), Row(0.28f, 3.8f, colour: 0.9f),
            Row(0.90f, 2.5f, colour: -0.5f, asymmetry: 0.3f), Row(0.85f, 2.4f, colour: -0.6f, asymmetry: 0.25f),
            Row(0.65f, 3.1f, colour: 0.2f), Row(0.66f, 3.3f, colour: 0.3f),
            Row(float.NaN, float.NaN, asymmetry: float.NaN, gini: float.NaN, m20: float.NaN),
        ];
        int[] assignments = [0, 0, 0, 1, 1, 2, 2, 3];
        var profile = MorphologyProfile.PerCluster(rows.SelectMany(r => r).ToArray(), assignments, 5);
        Assert.Equal("elongated (b/a 0.30), concentrated (C 3.9), red", profile[0].Description);
        Assert.Equal("round (b/a 0.88), diffuse (C 2.5), asymmetric (A 0.28), blue", profile[1].Description);
        Assert.Equal("oval (b/a 0.66), intermediate concentration (C 3.2)", profile[2].Description);
        Assert.Equal("not measured", profile[3].Description);
        Assert.Equal("not measured", profile[4].Description);
        Assert.Equal(0, profile[4].Size);
    }

    [Fact]
    public void Bulge_statistic_adds_its_term_when_positive()
    {
        // F = −0.693·(−2.5) + 4.95·0.6 − 3.96 = 0.7425.
        var rows = Row(0.6f, 3.6f, gini: 0.6f, m20: -2.5f);
        var cluster = MorphologyProfile.PerCluster(rows, [0], 1)[0];
        Assert.Equal("oval (b/a 0.60), concentrated (C 3.6), bulge-dominated (G–M₂₀ F 0.74)", cluster.Description);
    }

    [Fact]
    public void Assignments_outside_the_clusters_are_refused()
    {
        var rows = Row(0.5f, 3f);
        Assert.Throws<ArgumentOutOfRangeException>(() => MorphologyProfile.PerCluster(rows, [2], 2));
        Assert.Throws<ArgumentException>(() => MorphologyProfile.PerCluster(rows, [0, 0], 1));
    }
}
