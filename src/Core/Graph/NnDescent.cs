using GalaxyActors.Core.Linalg;

namespace GalaxyActors.Core.Graph;

/// <summary>Settings of <see cref="NnDescent"/>; the defaults follow pynndescent's for a 10-NN graph.</summary>
public sealed record NnDescentOptions
{
    /// <summary>Random-projection trees whose leaves give the first lists.</summary>
    public int Trees { get; init; } = 8;

    /// <summary>Most points in a tree's leaf (0: max(2k, 24)).</summary>
    public int LeafSize { get; init; }

    public int MaxIterations { get; init; } = 12;

    /// <summary>Stop once an iteration changes fewer than this fraction of the N × k list entries.</summary>
    public double Delta { get; init; } = 0.001;

    public int Seed { get; init; } = 42;

    /// <summary>
    /// Length of the lists while they are built, truncated to k at the end (0: 3k), and the number of new (and of old)
    /// candidates a point offers per sweep. Longer lists carry more candidates: on `galaxy bench cluster --synthetic
    /// 50000 512` (40 PCA components) recall@10 is 0.945 with 15 and 0.979 with 20, for 4.9 s and 6.2 s; at 200,000
    /// 0.962 with 20, 0.983 with 25 and 0.992 with 30, for 42.7, 51.5 and 72.4 s (more trees or iterations gained
    /// nothing). At 10⁶ (`galaxy bench scale` on a 10⁶ × 512 store) 25 reached only 0.967 in 224 s, 30 reaches 0.984
    /// in 237 s (200,000-point store: 0.988 → 0.995, 31.5 → 34.3 s): 30 is the default.
    /// </summary>
    public int BuildNeighbours { get; init; }
}

/// <summary>
/// An approximate k-nearest-neighbour graph by NN-descent (Dong, Moses &amp; Li 2011) seeded by random-projection trees:
/// a neighbour of a neighbour is likely a neighbour, so each iteration offers every point the candidates of its
/// candidates (a point's candidates: its list and its reverse neighbours, at most as many new and as many old as a list
/// is long), the pairs involving an entry new since the last iteration only. The points are copied in a k-d leaf order
/// first, so the rows read at random are mostly near in memory (at 200,000 points that halved the time). Each point's list is
/// updated by one thread from candidate lists fixed at the iteration's start (a Jacobi sweep, not pynndescent's
/// racing updates), and a list is the k best of its candidates by (distance, id): the graph is the same for a seed
/// however many threads run. Distances are float32 SIMD, squared without a root (<see cref="FloatDistance"/>);
/// the kept pairs are re-measured in double at the end, so the lists read like <see cref="ExactKnn"/>'s.
/// </summary>
public static partial class NnDescent
{
    private const int LocalityLeaf = 32;

    /// <summary>The approximate k nearest neighbours of every row among all rows (itself excluded).</summary>
    public static KnnResult Search(RowMatrix points, int k, NnDescentOptions? options = null) => KnnResult.From(Build(points, k, options));

    /// <inheritdoc cref="Search"/>
    public static KnnTopK Build(RowMatrix points, int k, NnDescentOptions? options = null)
    {
        options ??= new NnDescentOptions();
        int n = points.Rows;
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (k >= n) throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be below the {n} points.");
        int building = Math.Min(n - 1, options.BuildNeighbours > 0 ? Math.Max(k, options.BuildNeighbours) : 3 * k);
        // Neighbours' rows are read at random, over and over: in a k-d leaf order most of them are near in memory too.
        var order = KdOrder.Of(points, LocalityLeaf);
        var ordered = new RowMatrix(n, points.Columns);
        for (int position = 0; position < n; position++) points.Row(order[position]).CopyTo(ordered.Row(position));
        var lists = new NeighbourLists(n, building);
        Initialise(ordered, lists, options);
        var candidates = new CandidateLists(n, building);
        for (int iteration = 0; iteration < options.MaxIterations; iteration++)
        {
            candidates.Collect(lists, iteration, options.Seed);
            long updates = LocalJoin(ordered, lists, candidates);
            if (updates <= options.Delta * n * building) break;
        }
        return lists.ToExact(ordered, k, order);
    }

    private static void Initialise(RowMatrix points, NeighbourLists lists, NnDescentOptions options)
    {
        int leafSize = options.LeafSize > 0 ? options.LeafSize : Math.Max(2 * lists.K, 24);
        foreach (var leaf in RandomProjectionForest.Leaves(points, options.Trees, leafSize, options.Seed))
            for (int a = 0; a < leaf.Length; a++)
                for (int b = a + 1; b < leaf.Length; b++)
                {
                    float d = SquaredDistance(points, leaf[a], leaf[b]);
                    lists.Offer(leaf[a], leaf[b], d);
                    lists.Offer(leaf[b], leaf[a], d);
                }
        // A point whose leaves held fewer than k others: random points fill its list (the iterations improve them).
        var random = new Random(RandomProjectionForest.StreamSeed(options.Seed, 0, 0xf111));
        for (int p = 0; p < points.Rows; p++)
            while (lists.Count(p) < lists.K)
            {
                int q = random.Next(points.Rows);
                if (q != p) lists.Offer(p, q, SquaredDistance(points, p, q));
            }
    }

    /// <summary>One sweep: every point's list offered its candidates' candidates; the number of entries that changed.</summary>
    private static long LocalJoin(RowMatrix points, NeighbourLists lists, CandidateLists candidates)
    {
        long updates = 0;
        int n = points.Rows;
        Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            () => new SweepScratch(n),
            (p, _, local) =>
            {
                // Seen[v] == p + 1: v already offered to p in this sweep.
                local.Seen[p] = p + 1;
                var us = candidates.Of(p);
                var usNew = candidates.NewOf(p);
                for (int i = 0; i < us.Length; i++)
                    OfferFrom(p, usNew[i], candidates.Of(us[i]), candidates.NewOf(us[i]), ordered: points, lists, local);
                return local;
            },
            local => Interlocked.Add(ref updates, local.Updates));
        return updates;
    }

    private sealed class SweepScratch(int points)
    {
        public int[] Seen { get; } = new int[points];
        public long Updates;
    }

    // Offers p the candidates of one of its candidates u, skipping pairs of two old entries.
    private static void OfferFrom(int p, bool uIsNew, ReadOnlySpan<int> vs, ReadOnlySpan<bool> vsNew, RowMatrix ordered, NeighbourLists lists, SweepScratch local)
    {
        var seen = local.Seen;
        for (int j = 0; j < vs.Length; j++)
        {
            int v = vs[j];
            if (v == KnnTopK.Empty || !(uIsNew || vsNew[j]) || seen[v] == p + 1) continue;
            seen[v] = p + 1;
            if (lists.Offer(p, v, SquaredDistance(ordered, p, v))) local.Updates++;
        }
    }

    private static float SquaredDistance(RowMatrix points, int a, int b) => FloatDistance.Squared(points.Row(a), points.Row(b));
}
