using GalaxyActors.Core.Imaging.Synthetic;
using GalaxyActors.Core.Linalg;

namespace GalaxyActors.Core.Graph;

/// <summary>
/// The leaves of random-projection trees (Dasgupta &amp; Freund 2008, as pynndescent seeds NN-descent): each node is
/// split by the hyperplane half-way between two of its points chosen at random, until at most a leaf's worth of points
/// is left. Points sharing a leaf are likely neighbours, so all pairs within each leaf give every point a first list.
/// Deterministic for a seed: one <see cref="Random"/> per tree, nodes split in a fixed order.
/// </summary>
public static class RandomProjectionForest
{
    /// <summary>The leaves of <paramref name="trees"/> trees over <paramref name="points"/>: arrays of row indices.</summary>
    public static List<int[]> Leaves(RowMatrix points, int trees, int leafSize, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trees, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(leafSize, 2);
        var leaves = new List<int[]>();
        for (int tree = 0; tree < trees; tree++)
            AddLeaves(points, leafSize, new Random(StreamSeed(seed, tree, 0x5eed)), leaves);
        return leaves;
    }

    /// <summary>A seed for one stream of a job's randomness: fixed for (seed, stream, purpose) in every process (unlike HashCode, which is salted per process).</summary>
    internal static int StreamSeed(int seed, int stream, ulong purpose) =>
        (int)(SplitMix64.For(seed, stream, purpose).NextUInt64() >> 33);

    private static void AddLeaves(RowMatrix points, int leafSize, Random random, List<int[]> leaves)
    {
        var order = Enumerable.Range(0, points.Rows).ToArray();
        var normal = new float[points.Columns];
        var pending = new Stack<(int Start, int Count)>();
        pending.Push((0, order.Length));
        while (pending.Count > 0)
        {
            var (start, count) = pending.Pop();
            if (count <= leafSize)
            {
                leaves.Add(order.AsSpan(start, count).ToArray());
                continue;
            }
            int left = Split(points, order.AsSpan(start, count), normal, random);
            // Duplicates (or a plane that missed): halve by position, so the tree still ends.
            if (left == 0 || left == count) left = count / 2;
            pending.Push((start + left, count - left));
            pending.Push((start, left));
        }
    }

    /// <summary>Partitions <paramref name="node"/> by a random hyperplane; the number of points on its negative side (put first).</summary>
    private static int Split(RowMatrix points, Span<int> node, float[] normal, Random random)
    {
        int a = node[random.Next(node.Length)];
        int b = node[random.Next(node.Length)];
        var rowA = points.Row(a);
        var rowB = points.Row(b);
        double offset = 0;
        for (int j = 0; j < normal.Length; j++)
        {
            normal[j] = rowA[j] - rowB[j];
            offset += normal[j] * 0.5 * (rowA[j] + rowB[j]);
        }
        int left = 0;
        for (int i = 0; i < node.Length; i++)
        {
            double margin = System.Numerics.Tensors.TensorPrimitives.Dot(points.Row(node[i]), normal) - offset;
            // A point on the plane goes to a side by coin, as in pynndescent, so ties do not pile up on one side.
            bool negative = margin < 0 || (margin == 0 && random.Next(2) == 0);
            if (negative) (node[left], node[i]) = (node[i], node[left++]);
        }
        return left;
    }
}
