using GalaxyActors.Core.Graph;
using GalaxyActors.Core.Linalg;
using GalaxyActors.Hosting.Workers;
using GalaxyActors.Messages.Slices;

namespace GalaxyActors.Cluster.Tests;

/// <summary>A node's copy of a job's points, assembled from blocks in any order, searched as the library searches.</summary>
public sealed class NodeKnnPointsTests
{
    private static RowMatrix Points()
    {
        var random = new Random(4);
        var points = new RowMatrix(70, 5);
        for (int i = 0; i < points.Data.Length; i++) points.Data[i] = (float)random.NextDouble();
        return points;
    }

    private static HoldKnnPoints Block(RowMatrix points, string job, int index, int rowsPerBlock, long key = 7)
    {
        int blockCount = (points.Rows + rowsPerBlock - 1) / rowsPerBlock;
        int first = index * rowsPerBlock;
        var rows = points.RowBlock(first, Math.Min(rowsPerBlock, points.Rows - first)).ToArray();
        return new HoldKnnPoints(new SliceRef(job, 0, 0, 1), key, points.Rows, points.Columns, index, blockCount, first, rows);
    }

    [Fact]
    public void Blocks_in_any_order_and_repeated_make_the_set_the_library_searches()
    {
        var points = Points();
        const string job = "job-node-points-order";
        foreach (int index in new[] { 2, 0, 2, 3 })
            Assert.True(NodeKnnPoints.TryHold(Block(points, job, index, 20), out _));
        Assert.Null(NodeKnnPoints.Find(job, 7, points.Rows, points.Columns)); // block 1 is still missing
        Assert.True(NodeKnnPoints.TryHold(Block(points, job, 1, 20), out _));
        Assert.Null(NodeKnnPoints.Find(job, 8, points.Rows, points.Columns)); // another digest is another set

        var reference = NodeKnnPoints.Find(job, 7, points.Rows, points.Columns);
        Assert.NotNull(reference);
        var nearest = reference.SearchPositions(0, 64, 4, out var rows);
        var expected = ExactKnn.Search(points, 4);
        for (int i = 0; i < rows.Length; i++)
            Assert.Equal(expected.Ids.AsSpan(rows[i] * 4, 4).ToArray(), nearest.Ids.AsSpan(i * 4, 4).ToArray());

        NodeKnnPoints.Forget(job);
        Assert.Null(NodeKnnPoints.Find(job, 7, points.Rows, points.Columns));
    }

    [Fact]
    public void A_block_outside_its_set_is_refused_with_the_reason()
    {
        var points = Points();
        var block = Block(points, "job-node-points-bad", 3, 20);
        Assert.False(NodeKnnPoints.TryHold(block with { BlockStart = 61 }, out var problem));
        Assert.Contains("outside 70 × 5 points", problem);
        Assert.False(NodeKnnPoints.TryHold(block with { BlockIndex = 4 }, out problem));
        Assert.Contains("block 4 of 4", problem);
    }
}
