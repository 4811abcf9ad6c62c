using System.Runtime.CompilerServices;
namespace GalaxyActors.Core.Graph;

/// <summary>
/// The k best (squared distance, reference id) pairs found so far for each of a block of query rows.
/// Partial results for the same queries (from different reference blocks, threads or nodes) merge
/// into one. Pairs are ordered by distance and then by the smaller id, and a reference id is kept at
/// most once, so the merged answer does not depend on how the references were split or in which
/// order the pieces arrive: the property that lets slices search the points block by block.
/// </summary>
public sealed class KnnTopK
{
    /// <summary>Id of an empty slot (sorts after every real id: compared as unsigned).</summary>
    public const int Empty = -1;

    private readonly int[] _ids;
    private readonly double[] _squaredDistances;

    public KnnTopK(int queryCount, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(queryCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        QueryCount = queryCount;
        K = k;
        _ids = new int[checked(queryCount * k)];
        _squaredDistances = new double[_ids.Length];
        Array.Fill(_ids, Empty);
        Array.Fill(_squaredDistances, double.PositiveInfinity);
    }

    /// <summary>Rebuilds a partial result that travelled as arrays (row after row, k per row).</summary>
    public KnnTopK(int queryCount, int k, int[] ids, double[] squaredDistances)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(queryCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (ids.Length != (long)queryCount * k || squaredDistances.Length != ids.Length)
            throw new ArgumentException($"Expected {queryCount}×{k} ids and distances, got {ids.Length} and {squaredDistances.Length}.");
        QueryCount = queryCount;
        K = k;
        _ids = ids;
        _squaredDistances = squaredDistances;
    }

    public int QueryCount { get; }
    public int K { get; }

    /// <summary>All ids, row after row, best first; <see cref="Empty"/> where fewer than k were offered.</summary>
    public int[] Ids => _ids;

    /// <summary>Exact squared Euclidean distances matching <see cref="Ids"/> (+∞ for empty slots).</summary>
    public double[] SquaredDistances => _squaredDistances;

    public ReadOnlySpan<int> IdsOf(int query) => _ids.AsSpan(query * K, K);
    public ReadOnlySpan<double> SquaredDistancesOf(int query) => _squaredDistances.AsSpan(query * K, K);

    /// <summary>The order every list is kept in: nearer first, then the smaller id; empty slots last.</summary>
    public static bool Precedes(double distanceA, int idA, double distanceB, int idB) =>
        distanceA < distanceB || (distanceA == distanceB && (uint)idA < (uint)idB);

    /// <summary>Offers one candidate to a query's list; kept only if it beats the current k-th.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Offer(int query, double squaredDistance, int id)
    {
        var ids = _ids.AsSpan(query * K, K);
        var distances = _squaredDistances.AsSpan(query * K, K);
        if (!Precedes(squaredDistance, id, distances[K - 1], ids[K - 1]))
            return;
        for (var i = 0; i < K; i++)
            if (ids[i] == id)
                return; // already listed (the same reference searched twice): keep it once
        var slot = K - 1;
        while (slot > 0 && Precedes(squaredDistance, id, distances[slot - 1], ids[slot - 1]))
        {
            ids[slot] = ids[slot - 1];
            distances[slot] = distances[slot - 1];
            slot--;
        }
        ids[slot] = id;
        distances[slot] = squaredDistance;
    }

    /// <summary>
    /// Folds another partial result for the same queries into this one (a sorted merge per row).
    /// Merging is commutative and associative, so any grouping of partial results gives one answer.
    /// </summary>
    public void Merge(KnnTopK other)
    {
        if (other.QueryCount != QueryCount || other.K != K)
            throw new ArgumentException($"Cannot merge {other.QueryCount}×{other.K} into {QueryCount}×{K} neighbour lists.", nameof(other));
        Span<int> mergedIds = K <= 256 ? stackalloc int[K] : new int[K];
        Span<double> mergedDistances = K <= 256 ? stackalloc double[K] : new double[K];
        for (var q = 0; q < QueryCount; q++)
        {
            var aIds = _ids.AsSpan(q * K, K);
            var aDist = _squaredDistances.AsSpan(q * K, K);
            var bIds = other._ids.AsSpan(q * K, K);
            var bDist = other._squaredDistances.AsSpan(q * K, K);
            int a = 0, b = 0, count = 0;
            while (count < K && (a < K || b < K))
            {
                int id;
                double distance;
                if (b >= K || (a < K && Precedes(aDist[a], aIds[a], bDist[b], bIds[b])))
                {
                    id = aIds[a];
                    distance = aDist[a++];
                }
                else
                {
                    id = bIds[b];
                    distance = bDist[b++];
                }
                if (id != Empty && mergedIds[..count].Contains(id))
                    continue;
                mergedIds[count] = id;
                mergedDistances[count++] = distance;
            }
            for (; count < K; count++)
            {
                mergedIds[count] = Empty;
                mergedDistances[count] = double.PositiveInfinity;
            }
            mergedIds.CopyTo(aIds);
            mergedDistances.CopyTo(aDist);
        }
    }
}
