using GalaxyActors.Core.Linalg;
using GalaxyActors.Core.Reporting;

namespace GalaxyActors.Core.Tests.Reporting;

public class NearestMembersTests
{
    // Points on a line: 0, 1, 2, 10, 11, 13; clusters {0,1,2} and {3,4,5}.
    private static readonly RowMatrix Points = new(6, 1, [0f, 1f, 2f, 10f, 11f, 13f]);
    private static readonly int[] Clusters = [0, 0, 0, 1, 1, 1];

    [Fact]
    public void Members_nearest_a_given_centroid_come_first_and_only_from_that_cluster()
    {
        var nearest = NearestMembers.ToCentroids(Points, Clusters, [1.9f, 12.9f], k: 2, count: 2);
        Assert.Equal([2, 1], nearest[0]);
        Assert.Equal([5, 4], nearest[1]);
    }

    [Fact]
    public void Without_a_centroid_the_cluster_mean_is_the_centre()
    {
        // Means 1 and 34/3 ≈ 11.33: nearest are 1 then 0/2 (tie → lower index), and 11, 10, 13.
        var nearest = NearestMembers.ToMeans(Points, Clusters, k: 2, count: 3);
        Assert.Equal([1, 0, 2], nearest[0]);
        Assert.Equal([4, 3, 5], nearest[1]);
    }

    [Fact]
    public void A_cluster_smaller_than_the_count_gives_all_its_members()
    {
        var nearest = NearestMembers.ToMeans(Points, Clusters, k: 3, count: 12);
        Assert.Equal(3, nearest[0].Length);
        Assert.Empty(nearest[2]);
    }
}
