using GalaxyActors.Core;
using GalaxyActors.Core.Hdf5;
using GalaxyActors.Core.Linalg;

namespace GalaxyActors.Hosting.Workers;

/// <summary>
/// A feature store's rows as this process reads them for its slice entities: in aligned blocks of
/// <see cref="BlockRows"/> rows, each kept a little while for the other slices of the block. A store written with
/// gzip chunks of thousands of rows (h5py's habit) would otherwise have every 512-row slice decompress the whole chunk
/// holding its rows: eight times the work of one read. Blocks are named by the file's path, size and modification
/// time, so a store rewritten between jobs is read afresh. Only the newest few blocks are kept (a byte budget); the
/// coordinator asks for slices in order, a few at a time, so a block serves its slices before it is dropped.
/// </summary>
internal static class NodeFeatureBlocks
{
    /// <summary>Rows per block: a few slices' worth, and a whole number of the usual power-of-two chunk heights.</summary>
    public const int BlockRows = 8192;

    /// <summary>Bytes of blocks kept (each is BlockRows × dimension floats: 16 MiB at 512-d).</summary>
    private const long KeptBytes = 128L << 20;

    // A block costs nothing until it is read.
    private static readonly RecentlyUsed<Block> Blocks = new(b => b.Rows.IsValueCreated ? b.Rows.Value.Matrix.Data.LongLength * sizeof(float) : 0, KeptBytes);

    /// <summary>Rows [start, start + count) of the store's dataset (none if they run past its end), and its row count.</summary>
    /// <exception cref="InvalidInputException">The store cannot be read.</exception>
    public static (RowMatrix Rows, int StoreRows) ReadRows(string path, string dataset, int start, int count)
    {
        var file = new FileInfo(path);
        var version = file.Exists ? (file.Length, file.LastWriteTimeUtc.Ticks) : (-1L, 0L);
        var first = Get(path, dataset, version, start / BlockRows);
        int dimension = first.Matrix.Columns, storeRows = first.StoreRows;
        if ((long)start + count > storeRows)
            return (new RowMatrix(0, dimension), storeRows); // the caller names what it asked for
        var data = new float[(long)count * dimension];
        for (int block = start / BlockRows; count > 0 && block <= (start + count - 1) / BlockRows; block++)
        {
            var rows = block == start / BlockRows ? first.Matrix : Get(path, dataset, version, block).Matrix;
            int from = Math.Max(start, block * BlockRows), to = Math.Min(start + count, block * BlockRows + rows.Rows);
            rows.RowBlock(from - block * BlockRows, to - from).CopyTo(data.AsSpan((from - start) * dimension));
        }
        return (new RowMatrix(count, dimension, data), storeRows);
    }

    private static (RowMatrix Matrix, int StoreRows) Get(string path, string dataset, (long, long) version, int index)
    {
        var block = Blocks.FindOrAdd(b => b.Path == path && b.Dataset == dataset && b.Version == version && b.Index == index,
            () => new Block(path, dataset, version, index));
        try
        {
            var rows = block.Rows.Value;
            Blocks.Trim();
            return rows;
        }
        catch
        {
            // A failed read is not kept: the next slice tries the file again (and reports what it finds).
            Blocks.Remove(block);
            throw;
        }
    }

    private sealed class Block(string path, string dataset, (long, long) version, int index)
    {
        public string Path { get; } = path;
        public string Dataset { get; } = dataset;
        public (long, long) Version { get; } = version;
        public int Index { get; } = index;

        public Lazy<(RowMatrix Matrix, int StoreRows)> Rows { get; } = new(() =>
        {
            using var store = FeatureStoreReader.Open(path, dataset, labelsDataset: null);
            int first = index * BlockRows;
            if (first >= store.Rows) return (new RowMatrix(0, store.Dimension), store.Rows);
            return (store.ReadRows(first, Math.Min(BlockRows, store.Rows - first)), store.Rows);
        }, LazyThreadSafetyMode.ExecutionAndPublication);
    }
}
