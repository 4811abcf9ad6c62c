using GalaxyActors.Core.Clustering;
using GalaxyActors.Core.Tests.TestData;

namespace GalaxyActors.Core.Tests.Clustering;

public class KneeLocatorTests
{
    [Fact]
    public void Hand_worked_curve_has_its_knee_at_three()
    {
        // Normalised difference curve D = 1 − y − x: 0, .509, .584, .495, .385, …; the maximum at
        // K = 3 has threshold .584 − 1/7 = .441, and D(K = 5) = .385 falls below it → knee K = 3.
        Assert.Equal(3, KneeLocator.Find([100, 40, 20, 15, 12, 10, 9, 8]));
    }

    [Fact]
    public void Scikit_learn_sse_of_the_fixture_has_its_knee_at_four()
    {
        // D peaks at K = 4 (0.5049, K = 3 gives 0.5024); threshold 0.4279, crossed at K = 7.
        Assert.Equal(4, KneeLocator.Find(ClusteringFixture.Shared.SklearnSse));
    }

    [Fact]
    public void Straight_line_and_tiny_curves_do_not_fail()
    {
        Assert.Equal(1, KneeLocator.Find([5.0]));
        Assert.Equal(1, KneeLocator.Find([5.0, 5.0, 5.0]));
        var line = KneeLocator.Find([10, 9, 8, 7, 6]);
        Assert.InRange(line, 1, 5);
    }
}
