using GalaxyActors.Core.Imaging.Synthetic;
using GalaxyActors.Core.Linalg;

namespace GalaxyActors.Core.Graph;

public static partial class NnDescent
{
    /// <summary>
    /// Every point's current k best (squared float distance, id), nearest first then by the smaller id, with a flag per
    /// entry saying it arrived since the candidates were last collected. A point's list is only written by the thread
    /// sweeping that point.
    /// </summary>
    private sealed class NeighbourLists
    {
        private readonly int[] _ids;
        private readonly float[] _distances;

        public NeighbourLists(int points, int k)
        {
            K = k;
            _ids = new int[checked(points * k)];
            _distances = new float[_ids.Length];
            IsNew = new bool[_ids.Length];
            Array.Fill(_ids, KnnTopK.Empty);
            Array.Fill(_distances, float.PositiveInfinity);
        }

        public int K { get; }

        public int[] Ids => _ids;

        public bool[] IsNew { get; }

        public int Count(int p)
        {
            var ids = _ids.AsSpan(p * K, K);
            int count = ids.IndexOf(KnnTopK.Empty);
            return count < 0 ? K : count;
        }

        /// <summary>Offers q to p's list; true when it was taken (it beat the k-th and was not listed yet).</summary>
        public bool Offer(int p, int q, float distance)
        {
            if (q == p) return false;
            var ids = _ids.AsSpan(p * K, K);
            var distances = _distances.AsSpan(p * K, K);
            var fresh = IsNew.AsSpan(p * K, K);
            if (!KnnTopK.Precedes(distance, q, distances[K - 1], ids[K - 1])) return false;
            if (ids.Contains(q)) return false;
            int slot = K - 1;
            while (slot > 0 && KnnTopK.Precedes(distance, q, distances[slot - 1], ids[slot - 1]))
            {
                ids[slot] = ids[slot - 1];
                distances[slot] = distances[slot - 1];
                fresh[slot] = fresh[slot - 1];
                slot--;
            }
            ids[slot] = q;
            distances[slot] = distance;
            fresh[slot] = true;
            return true;
        }

        /// <summary>
        /// The best <paramref name="k"/> of each list with exact squared distances in double, ordered as <see cref="KnnTopK"/>
        /// orders them, in the caller's row numbers: position p of <paramref name="points"/> is row <paramref name="rowOf"/>[p].
        /// </summary>
        public KnnTopK ToExact(RowMatrix points, int k, int[] rowOf)
        {
            int n = points.Rows;
            var exact = new KnnTopK(n, k);
            Parallel.For(0, n, p =>
            {
                var row = points.Row(p);
                foreach (var q in _ids.AsSpan(p * K, K))
                {
                    if (q == KnnTopK.Empty) continue;
                    var other = points.Row(q);
                    double sum = 0;
                    for (int j = 0; j < row.Length; j++)
                    {
                        double d = (double)row[j] - other[j];
                        sum += d * d;
                    }
                    exact.Offer(rowOf[p], sum, rowOf[q]);
                }
            });
            return exact;
        }
    }

    /// <summary>
    /// What one sweep offers from: for each point, its list's entries and its reverse neighbours (points listing it)
    /// merged, at most <c>cap</c> new and <c>cap</c> old ones, chosen by a hash of (seed, sweep, point, candidate) so the
    /// choice is fixed for a seed (pynndescent's max_candidates). Collecting marks every entry old: pairs of two old
    /// candidates are not compared again.
    /// </summary>
    private sealed class CandidateLists(int points, int cap)
    {
        // As many new (and old) candidates as a list is long.
        private readonly int _cap = cap;
        private readonly int[] _start = new int[points + 1];
        private int[] _ids = [];
        private bool[] _isNew = [];

        public ReadOnlySpan<int> Of(int p) => _ids.AsSpan(_start[p], _start[p + 1] - _start[p]);
        public ReadOnlySpan<bool> NewOf(int p) => _isNew.AsSpan(_start[p], _start[p + 1] - _start[p]);

        public void Collect(NeighbourLists lists, int sweep, int seed)
        {
            int listLength = lists.K;
            var forward = (int[])lists.Ids.Clone();
            var forwardNew = (bool[])lists.IsNew.Clone();
            Array.Clear(lists.IsNew);

            // Bucket the reverse edges q ← p by q (a counting sort keeps each bucket in order of p).
            var reverseStart = new int[points + 1];
            foreach (var q in forward) if (q != KnnTopK.Empty) reverseStart[q + 1]++;
            for (int q = 0; q < points; q++) reverseStart[q + 1] += reverseStart[q];
            var reverse = new int[reverseStart[points]];
            var reverseNew = new bool[reverse.Length];
            var fill = (int[])reverseStart.Clone();
            for (int e = 0; e < forward.Length; e++)
            {
                int q = forward[e];
                if (q == KnnTopK.Empty) continue;
                int slot = fill[q]++;
                reverse[slot] = e / listLength;
                reverseNew[slot] = forwardNew[e];
            }

            // Each point's merged candidates, chosen in parallel (each point's own), laid out at 2 × cap per point.
            var chosen = new int[points * 2 * _cap];
            var chosenNew = new bool[chosen.Length];
            var counts = new int[points];
            Parallel.For(0, points, () => new List<(ulong Key, int Id, bool New)>(), (p, _, pool) =>
            {
                pool.Clear();
                for (int e = p * listLength; e < (p + 1) * listLength; e++)
                    if (forward[e] != KnnTopK.Empty) pool.Add((Mix((ulong)(uint)seed, (ulong)sweep, (ulong)p, (ulong)forward[e]), forward[e], forwardNew[e]));
                for (int e = reverseStart[p]; e < reverseStart[p + 1]; e++)
                    pool.Add((Mix((ulong)(uint)seed, (ulong)sweep, (ulong)p, (ulong)reverse[e]), reverse[e], reverseNew[e]));
                // A point both listed and listing: once, new if either edge is.
                pool.Sort((a, b) => a.Id != b.Id ? a.Id.CompareTo(b.Id) : b.New.CompareTo(a.New));
                int distinct = 0;
                for (int i = 0; i < pool.Count; i++)
                    if (distinct == 0 || pool[distinct - 1].Id != pool[i].Id) pool[distinct++] = pool[i];
                pool.RemoveRange(distinct, pool.Count - distinct);
                pool.Sort((a, b) => a.Key.CompareTo(b.Key));
                int taken = 0, takenNew = 0, takenOld = 0;
                foreach (var (_, id, isNew) in pool)
                {
                    if (isNew ? takenNew == _cap : takenOld == _cap) continue;
                    if (isNew) takenNew++; else takenOld++;
                    chosen[p * 2 * _cap + taken] = id;
                    chosenNew[p * 2 * _cap + taken] = isNew;
                    taken++;
                }
                counts[p] = taken;
                return pool;
            }, _ => { });

            _start[0] = 0;
            for (int p = 0; p < points; p++) _start[p + 1] = _start[p] + counts[p];
            _ids = new int[_start[points]];
            _isNew = new bool[_ids.Length];
            for (int p = 0; p < points; p++)
            {
                chosen.AsSpan(p * 2 * _cap, counts[p]).CopyTo(_ids.AsSpan(_start[p]));
                chosenNew.AsSpan(p * 2 * _cap, counts[p]).CopyTo(_isNew.AsSpan(_start[p]));
            }
        }

        // SplitMix64's finaliser over the four values: a fixed, well-spread priority.
        private static ulong Mix(ulong a, ulong b, ulong c, ulong d) =>
            SplitMix64.Mix(SplitMix64.Mix(SplitMix64.Mix(a * 0x9E3779B97F4A7C15UL ^ b) ^ c) ^ d);
    }
}
