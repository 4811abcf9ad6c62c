using GalaxyActors.Core.Hdf5;
using GalaxyActors.Hosting.Workers;

namespace GalaxyActors.Cluster.Tests;

/// <summary>A node's block cache of feature-store rows: the rows the store holds, across blocks, afresh when the file changes.</summary>
public sealed class NodeFeatureBlocksTests : IDisposable
{
    private readonly ScratchFolder _scratch = new();

    private static float[] Values(int rows, int columns, float offset) =>
        Enumerable.Range(0, rows * columns).Select(i => i * 0.25f + offset).ToArray();

    private static void Write(string path, float[] values, int rows, int columns)
    {
        using var writer = FeatureStoreWriter.Create(path, rows, columns, new FeatureStoreAttributes("test", "images", "test", columns, "none"));
        writer.WriteRows(0, values);
        writer.Complete();
    }

    [Fact]
    public void Rows_across_a_block_boundary_are_the_stores_rows_and_past_the_end_are_none()
    {
        const int rows = NodeFeatureBlocks.BlockRows + 900, columns = 3;
        var path = _scratch.File("blocks.h5");
        var values = Values(rows, columns, 0);
        Write(path, values, rows, columns);

        var (read, storeRows) = NodeFeatureBlocks.ReadRows(path, "features", NodeFeatureBlocks.BlockRows - 100, 512);
        Assert.Equal(rows, storeRows);
        Assert.Equal(values.AsSpan((NodeFeatureBlocks.BlockRows - 100) * columns, 512 * columns).ToArray(), read.Data);

        var (past, _) = NodeFeatureBlocks.ReadRows(path, "features", rows - 100, 512);
        Assert.Equal(0, past.Rows);
    }

    [Fact]
    public void A_store_rewritten_under_the_same_name_is_read_afresh()
    {
        var path = _scratch.File("rewritten.h5");
        Write(path, Values(600, 2, 0), 600, 2);
        Assert.Equal(0f, NodeFeatureBlocks.ReadRows(path, "features", 0, 10).Rows.Data[0]);
        File.Delete(path);
        Write(path, Values(700, 2, 5), 700, 2);
        var (read, storeRows) = NodeFeatureBlocks.ReadRows(path, "features", 0, 10);
        Assert.Equal(700, storeRows);
        Assert.Equal(5f, read.Data[0]);
    }

    public void Dispose() => _scratch.Dispose();
}
