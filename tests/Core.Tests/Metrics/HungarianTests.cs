using GalaxyActors.Core.Metrics;

namespace GalaxyActors.Core.Tests.Metrics;

public class HungarianTests
{
    [Fact]
    public void Solves_a_hand_worked_assignment()
    {
        // Optimum 5: row 0 → column 1 (1), row 1 → column 0 (2), row 2 → column 2 (2).
        var columnToRow = Hungarian.Solve(new long[,] { { 4, 1, 3 }, { 2, 0, 5 }, { 3, 2, 2 } });
        Assert.Equal([1, 0, 2], columnToRow);
    }

    [Fact]
    public void Permuted_labels_are_renamed_back()
    {
        int[] reference = [0, 0, 1, 1, 2, 2];
        Assert.Equal(reference, Hungarian.Align(reference, [2, 2, 0, 0, 1, 1]));
    }

    [Fact]
    public void Extra_clusters_get_fresh_ids_and_agreement_is_maximal()
    {
        int[] reference = [0, 0, 0, 1, 1, 1];
        Assert.Equal([0, 0, 2, 1, 1, 1], Hungarian.Align(reference, [5, 5, 7, 9, 9, 9]));

        // Fewer clusters than the reference: 0 → 2 is forced, 1 can take 0 or 1 (two agreements either way).
        int[] three = [0, 0, 1, 1, 2, 2];
        var aligned = Hungarian.Align(three, [1, 1, 1, 1, 0, 0]);
        Assert.Equal(2, aligned[4]);
        Assert.Equal(4, aligned.Where((label, i) => label == three[i]).Count());
    }

    [Fact]
    public void Alignment_beats_a_greedy_match()
    {
        // Contingency (reference × other) [[4, 3], [3, 0]]: greedy takes the 4 and is left with 0;
        // the optimum pairs other 0 → reference 1 and other 1 → reference 0 for 3 + 3 = 6.
        int[] reference = [0, 0, 0, 0, 0, 0, 0, 1, 1, 1];
        int[] other = [0, 0, 0, 0, 1, 1, 1, 0, 0, 0];
        var aligned = Hungarian.Align(reference, other);
        Assert.Equal([1, 1, 1, 1, 0, 0, 0, 1, 1, 1], aligned);
        Assert.Equal(6, aligned.Where((label, i) => label == reference[i]).Count());
    }
}
