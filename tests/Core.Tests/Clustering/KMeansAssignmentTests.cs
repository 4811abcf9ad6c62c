using GalaxyActors.Core.Clustering;
using GalaxyActors.Core.Linalg;

namespace GalaxyActors.Core.Tests.Clustering;

public class KMeansAssignmentTests
{
    [Fact]
    public void Exact_ties_go_to_the_lower_centroid_in_every_set_and_row_position()
    {
        // 70 rows (a full 64-row tile and a partial one) on a small integer grid, so every
        // distance is exact in float. Set 0: three copies of one centroid (every row ties three
        // ways: centroid 0). Set 1: a far centroid, then two equal near ones (always centroid 1).
        // Set 2: (0, 0), then eight copies of (3, 3), tied along x + y = 3.
        var rows = new RowMatrix(70, 2);
        for (var r = 0; r < rows.Rows; r++)
        {
            rows[r, 0] = r % 5;
            rows[r, 1] = r % 3;
        }
        float[] set0 = [1, 1, 1, 1, 1, 1];
        float[] set1 = [40, 40, 2, 1, 2, 1];
        float[] set2 = [0, 0, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3];
        var sets = new CentroidSets(2, [3, 3, 9], [.. set0, .. set1, .. set2]);
        var labels = new int[3 * rows.Rows];
        var partial = new KMeansPartial(3, 15, 2);
        KMeansAssignment.Label(rows.Data, rows.Rows, sets, partial, labels);
        for (var r = 0; r < rows.Rows; r++)
        {
            Assert.Equal(0, labels[r]);
            Assert.Equal(1, labels[rows.Rows + r]);
            // Hand-worked: (x, y) is nearer (0, 0) than (3, 3) when x + y < 3, tied at x + y = 3.
            var x = r % 5;
            var y = r % 3;
            Assert.Equal(x + y <= 3 ? 0 : 1, labels[2 * rows.Rows + r]);
        }
        Assert.Equal(70L, partial.Counts[0]);
        Assert.Equal(70L, partial.Counts[4]);
    }
}
