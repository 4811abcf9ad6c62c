using GalaxyActors.Core.Linalg;

namespace GalaxyActors.Core.Graph;

public static partial class ExactKnn
{
    /// <summary>
    /// The exact k nearest of some rows among all rows, each row itself left out (by its id, not its position: a
    /// duplicate of a row is its neighbour): row-major rows.Length × k ids, nearest first, <see cref="KnnTopK.Empty"/>
    /// where fewer than k others exist. The sampled checks of a graph (recall) and of a map (neighbour preservation).
    /// </summary>
    public static int[] NeighboursOfRows(RowMatrix points, int[] rows, int k)
    {
        var queries = RowSample.Gather(points, rows);
        // One more than k: the row itself is among the references.
        var searched = Math.Min(k + 1, points.Rows);
        var found = new KnnTopK(rows.Length, searched);
        SearchBlock(queries.Data, rows.Length, 0, points.Data, points.Rows, 0, points.Columns, searched, excludeSelf: false, found);
        var nearest = new int[rows.Length * k];
        Array.Fill(nearest, KnnTopK.Empty);
        for (var i = 0; i < rows.Length; i++)
        {
            var taken = 0;
            foreach (var id in found.IdsOf(i))
                if (id != rows[i] && id != KnnTopK.Empty && taken < k) nearest[i * k + taken++] = id;
        }
        return nearest;
    }
}
