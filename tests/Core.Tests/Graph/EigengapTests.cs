using GalaxyActors.Core.Graph;

namespace GalaxyActors.Core.Tests.Graph;

public class EigengapTests
{
    [Fact]
    public void The_gap_after_the_connected_graphs_zero_eigenvalue_never_chooses_one_cluster()
    {
        // λ₂ − λ₁ = 0.5 is the largest gap of all, but it only says the graph is connected: the rule looks from λ₂ on.
        var choice = Eigengap.Choose([0.0, 0.5, 0.6, 0.9, 0.95]);
        Assert.Equal(3, choice.K);
        Assert.Equal(0.6, choice.Lower);
        Assert.Equal(0.9, choice.Upper);
        Assert.Equal(0.3, choice.Gap, 12);
    }

    [Fact]
    public void K_is_never_below_the_floor_it_is_given()
    {
        // Largest gap at K = 2 (0.4); with a floor of 3 (three connected components) the best gap from λ₃ on wins.
        double[] values = [0, 0.1, 0.5, 0.55, 0.62];
        Assert.Equal(2, Eigengap.Choose(values).K);
        var floored = Eigengap.Choose(values, minimumK: 3);
        Assert.Equal(4, floored.K);
        Assert.Equal(0.07, floored.Gap, 12);
    }

    [Fact]
    public void Ties_go_to_the_smaller_K()
    {
        Assert.Equal(2, Eigengap.Choose([0, 0.125, 0.375, 0.625]).K); // equal gaps, exact in binary
    }

    [Fact]
    public void A_floor_at_or_above_the_computed_eigenvalues_gives_the_floor_with_no_measured_gap()
    {
        var choice = Eigengap.Choose([0, 0, 0, 0.2], minimumK: 4);
        Assert.Equal(4, choice.K);
        Assert.True(double.IsNaN(choice.Upper));
    }

    [Fact]
    public void Fewer_than_two_eigenvalues_name_the_parameter()
    {
        Assert.Contains("n_eigenvalues", Assert.Throws<ArgumentException>(() => Eigengap.Choose([0.0])).Message);
    }
}
