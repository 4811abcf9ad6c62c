using GalaxyActors.Core.Graph;
using GalaxyActors.Core.Linalg;
using GalaxyActors.Messages.Slices;

namespace GalaxyActors.Hosting.Workers;

/// <summary>
/// All reduced points of a job's kNN stage, held once per process for every slice entity it hosts (of every
/// ActorSystem in it, as the in-process workers of `galaxy run`): the coordinator sends them to a node through one of
/// its slices (<see cref="HoldKnnPoints"/>, in blocks under the wire limit), and each slice then searches a share
/// of them (<see cref="KnnSearch"/>), instead of every slice receiving every point. Laid out for the search once
/// (<see cref="ExactKnn.Reference"/>). Only the few newest point sets are kept: one evicted too soon is asked for
/// again (<see cref="KnnPointsMissing"/>), which costs time, never a wrong answer.
/// </summary>
internal static class NodeKnnPoints
{
    /// <summary>Point sets kept (jobs running at once each hold one while their kNN stage runs).</summary>
    private const int Kept = 3;

    private static readonly RecentlyUsed<PointSet> Sets = new(_ => 1, Kept);

    /// <summary>Stores one block; false (with the reason) when it does not fit the set it names.</summary>
    public static bool TryHold(HoldKnnPoints block, out string? problem)
    {
        problem = Problem(block);
        if (problem is not null) return false;
        var set = Sets.FindOrAdd(s => s.Holds(block.Slice.JobId, block.PointsKey, block.Rows, block.Dim),
            () => new PointSet(block.Slice.JobId, block.PointsKey, block.Rows, block.Dim, block.BlockCount));
        lock (set)
        {
            if (set.Received.Length != block.BlockCount)
            {
                problem = $"kNN points block {block.BlockIndex} of {block.BlockCount} for a set sent in {set.Received.Length} blocks (protocol error)";
                return false;
            }
            // A block already held is not written again: slices may be searching the points (a second upload comes
            // when the process hosts two workers, each with its own address).
            if (set.Received[block.BlockIndex]) return true;
            block.Points.CopyTo(set.Points, block.BlockStart * block.Dim);
            set.Received[block.BlockIndex] = true;
            set.Missing--;
            return true;
        }
    }

    /// <summary>The complete set's search layout (made on first use), or null when this process does not hold all of it.</summary>
    public static ExactKnn.Reference? Find(string jobId, long key, int rows, int dim)
    {
        var set = Sets.Find(s => s.Holds(jobId, key, rows, dim));
        if (set is null) return null;
        lock (set)
            if (set.Missing != 0) return null;
        return set.Reference.Value;
    }

    /// <summary>Drops a finished job's points.</summary>
    public static void Forget(string jobId) => Sets.RemoveWhere(s => s.JobId == jobId);

    private static string? Problem(HoldKnnPoints block)
    {
        if (block.Rows < 1 || block.Dim < 1 || block.BlockCount < 1 || block.BlockIndex < 0 || block.BlockIndex >= block.BlockCount)
            return $"kNN points block {block.BlockIndex} of {block.BlockCount} for {block.Rows} × {block.Dim} points (protocol error)";
        if (block.Points.Length % block.Dim != 0 || block.BlockStart < 0 || block.BlockStart + block.Points.Length / block.Dim > block.Rows)
            return $"kNN points block {block.BlockIndex} holds {block.Points.Length} values from row {block.BlockStart}, outside {block.Rows} × {block.Dim} points (protocol error)";
        return null;
    }

    private sealed class PointSet
    {
        public PointSet(string jobId, long key, int rows, int dim, int blockCount)
        {
            JobId = jobId;
            Key = key;
            Rows = rows;
            Dim = dim;
            Points = new float[(long)rows * dim];
            Received = new bool[blockCount];
            Missing = blockCount;
            Reference = new Lazy<ExactKnn.Reference>(() => ExactKnn.Reference.Over(new RowMatrix(rows, dim, Points)), LazyThreadSafetyMode.ExecutionAndPublication);
        }

        public string JobId { get; }
        public long Key { get; }
        public int Rows { get; }
        public int Dim { get; }
        public float[] Points { get; }
        public bool[] Received { get; }
        // Blocks still to come; read and written under a lock on the set.
        public int Missing { get; set; }
        public Lazy<ExactKnn.Reference> Reference { get; }

        public bool Holds(string jobId, long key, int rows, int dim) => JobId == jobId && Key == key && Rows == rows && Dim == dim;
    }
}
