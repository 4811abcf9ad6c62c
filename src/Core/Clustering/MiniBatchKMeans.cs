using GalaxyActors.Core.Linalg;

namespace GalaxyActors.Core.Clustering;

/// <summary>
/// Mini-batch k-means with scikit-learn 1.2's MiniBatchKMeans.fit semantics, for all K at once:
/// <list type="number">
/// <item>init_size = 3 × batch rows (3 × K-max if that is larger, at most N) are drawn as a
/// validation subsample;</item>
/// <item>each of the n_init initialisations draws its own init_size subsample (all rows if
/// init_size ≥ N) and seeds greedy
/// k-means++ on it (for K-max; smaller K use prefixes), and is scored by its inertia on the
/// validation subsample: per K only the best initialisation is kept (n_init does NOT run the
/// optimisation n_init times);</item>
/// <item>that one set per K is optimised by Sculley's updates: per step one batch drawn with
/// replacement (shared by all K, assigned by the <see cref="IKMeansPass"/> where the rows live),
/// each centre moving to (c·v + Σbatch)/(v + n_batch); centres whose count falls below 1 % of the
/// largest are moved to random batch rows (reassignment_ratio 0.01, checked after every 10 × K
/// rows seen or while a count is zero);</item>
/// <item>a K stops after max_iter × N / batch steps, or when the exponentially weighted average
/// of its batch inertia (the first step's ignored) has not improved for 10 steps
/// (max_no_improvement), or, only if a tolerance is given (scikit-learn's default is 0), when its
/// centres moved less than it;</item>
/// <item>the inertia (SSE) and labels come from one full pass over all rows.</item>
/// </list>
/// Seeding, scoring and reassignment use the coordinator's copy of the reduced rows, so a local
/// and a distributed pass give the same bits. One seeded generator drives all draws.
/// </summary>
internal static class MiniBatchKMeans
{
    private const int MaxNoImprovement = 10;
    private const double ReassignmentRatio = 0.01;

    public static KMeansResult[] Fit(RowMatrix data, IKMeansPass pass, int[] ks, KMeansOptions options)
    {
        var n = data.Rows;
        var d = data.Columns;
        var kMax = ks.Max();
        var batch = Math.Min(options.BatchSize, n);
        var initSize = Math.Min(n, 3 * batch < kMax ? 3 * kMax : 3 * batch);
        var random = new Random(KMeansSolver.RestartSeed(options.Seed, -1));

        var validation = Gather(data, Draw(random, n, initSize));
        var seeds = new float[options.NInit][];
        for (var restart = 0; restart < options.NInit; restart++)
        {
            // As scikit-learn's _init_centroids: a subsample only when init_size is below N.
            var subsample = initSize < n ? new RowMatrix(initSize, d, Gather(data, Draw(random, n, initSize))) : data;
            seeds[restart] = KMeansSeeding.GreedyKMeansPlusPlus(subsample, kMax, random, parallelChunks: false);
        }
        var restarts = BestInitialisations(validation, initSize, d, ks, seeds);
        var centroids = new float[ks.Length][];
        for (var ki = 0; ki < ks.Length; ki++) centroids[ki] = seeds[restarts[ki]].AsSpan(0, ks[ki] * d).ToArray();

        var tolerance = (options.Tolerance ?? 0) * KMeansSolver.MeanColumnVariance(data);
        var steps = Optimise(data, pass, ks, centroids, options.MaxIterations, batch, tolerance, random);
        var winners = Enumerable.Range(0, ks.Length).ToArray();
        return KMeansSolver.LabelWinners(pass, ks, centroids, ks, d, winners, steps, 1, restarts);
    }

    /// <summary>
    /// For each K, the initialisation (the first K centres of seeds[i]) with the lowest inertia on
    /// the validation rows; on a tie the earlier one, as scikit-learn keeps it (strict &lt;).
    /// </summary>
    internal static int[] BestInitialisations(float[] validation, int rows, int d, int[] ks, float[][] seeds)
    {
        var best = new int[ks.Length];
        var bestInertia = new double[ks.Length];
        Array.Fill(bestInertia, double.PositiveInfinity);
        for (var i = 0; i < seeds.Length; i++)
        {
            var sets = new CentroidSets(d, ks, PrefixesOf(seeds[i], ks, d));
            var scored = new KMeansPartial(sets.SetCount, sets.TotalCentroids, d);
            KMeansAssignment.Accumulate(validation, rows, sets, scored);
            for (var ki = 0; ki < ks.Length; ki++)
                if (scored.Sse[ki] < bestInertia[ki]) { bestInertia[ki] = scored.Sse[ki]; best[ki] = i; }
        }
        return best;
    }

    /// <summary>Runs the mini-batch steps on each K's set in place; returns the steps each made.</summary>
    private static int[] Optimise(RowMatrix data, IKMeansPass pass, int[] ks, float[][] centroids, int maxIterations, int batch,
        double tolerance, Random random)
    {
        var n = data.Rows;
        var d = data.Columns;
        var setCount = ks.Length;
        var maxSteps = Math.Max(1, (int)Math.Min(int.MaxValue, (long)maxIterations * n / batch));
        var alpha = Math.Min(1.0, batch * 2.0 / (n + 1));
        var weights = new double[setCount][];
        for (var s = 0; s < setCount; s++) weights[s] = new double[ks[s]];
        var steps = new int[setCount];
        var sinceReassign = new int[setCount];
        var ewa = new double[setCount];
        var ewaMin = new double[setCount];
        var noImprovement = new int[setCount];
        Array.Fill(ewa, double.NaN);
        Array.Fill(ewaMin, double.PositiveInfinity);
        var active = Enumerable.Range(0, setCount).ToList();
        var rows = new int[batch];
        var reassign = new bool[setCount];
        for (var step = 1; step <= maxSteps && active.Count > 0; step++)
        {
            for (var i = 0; i < batch; i++) rows[i] = random.Next(n);
            Array.Sort(rows);
            foreach (var s in active)
            {
                // scikit-learn's _random_reassign, asked before the step with the counts so far.
                sinceReassign[s] += batch;
                reassign[s] = Array.IndexOf(weights[s], 0.0) >= 0 || sinceReassign[s] >= 10 * ks[s];
                if (reassign[s]) sinceReassign[s] = 0;
            }
            var sets = KMeansSolver.Pack(centroids, ks, d, active);
            var partial = pass.AccumulateRows(sets, rows);
            var stillActive = new List<int>(active.Count);
            for (var a = 0; a < active.Count; a++)
            {
                var s = active[a];
                var before = centroids[s].ToArray();
                var w = weights[s];
                for (var c = 0; c < ks[s]; c++)
                {
                    var global = sets.Offsets[a] + c;
                    var count = partial.Counts[global];
                    if (count == 0) continue;
                    var v = w[c];
                    for (var j = 0; j < d; j++)
                        centroids[s][c * d + j] = (float)((centroids[s][c * d + j] * v + partial.Sums[global * d + j]) / (v + count));
                    w[c] = v + count;
                }
                if (reassign[s]) Reassign(data, rows, centroids[s], w, random);
                steps[s] = step;
                if (!Converged(step, partial.Sse[a] / batch, alpha, tolerance, Shift(before, centroids[s]),
                        ref ewa[s], ref ewaMin[s], ref noImprovement[s]))
                    stillActive.Add(s);
            }
            active = stillActive;
        }
        return steps;
    }

    /// <summary>scikit-learn's _mini_batch_convergence for one set (step counted from 1).</summary>
    private static bool Converged(int step, double batchInertia, double alpha, double tolerance, double shift,
        ref double ewa, ref double ewaMin, ref int noImprovement)
    {
        // The first step's inertia is that of the initialisation: ignored.
        if (step == 1) return false;
        ewa = double.IsNaN(ewa) ? batchInertia : ewa * (1 - alpha) + batchInertia * alpha;
        if (tolerance > 0 && shift <= tolerance) return true;
        if (ewa < ewaMin) { ewaMin = ewa; noImprovement = 0; }
        else noImprovement++;
        return noImprovement >= MaxNoImprovement;
    }

    /// <summary>
    /// Centres whose count is below 1 % of the largest move to distinct random rows of the batch
    /// (at most half the batch, the lightest first), and take the smallest remaining count.
    /// </summary>
    private static void Reassign(RowMatrix data, int[] batchRows, float[] centroids, double[] weights, Random random)
    {
        var threshold = ReassignmentRatio * weights.Max();
        var chosen = new List<int>();
        for (var c = 0; c < weights.Length; c++)
            if (weights[c] < threshold) chosen.Add(c);
        if (chosen.Count == 0) return;
        var limit = batchRows.Length / 2;
        if (chosen.Count > limit)
        {
            // Keep the `limit` lightest (stable order by weight, then index).
            var order = Enumerable.Range(0, weights.Length).OrderBy(c => weights[c]).Take(limit).ToHashSet();
            chosen.RemoveAll(c => !order.Contains(c));
        }
        var positions = Enumerable.Range(0, batchRows.Length).ToArray();
        var d = data.Columns;
        for (var i = 0; i < chosen.Count; i++)
        {
            // Partial Fisher–Yates: distinct batch positions.
            var pick = i + random.Next(positions.Length - i);
            (positions[i], positions[pick]) = (positions[pick], positions[i]);
            data.Row(batchRows[positions[i]]).CopyTo(centroids.AsSpan(chosen[i] * d, d));
        }
        var isChosen = new bool[weights.Length];
        foreach (var c in chosen) isChosen[c] = true;
        var smallest = double.PositiveInfinity;
        for (var c = 0; c < weights.Length; c++)
            if (!isChosen[c]) smallest = Math.Min(smallest, weights[c]);
        foreach (var c in chosen) weights[c] = smallest;
    }

    private static double Shift(float[] before, float[] after)
    {
        double shift = 0;
        for (var i = 0; i < before.Length; i++)
        {
            double delta = after[i] - before[i];
            shift += delta * delta;
        }
        return shift;
    }

    /// <summary>count row indices drawn uniformly with replacement (scikit-learn's randint).</summary>
    private static int[] Draw(Random random, int n, int count)
    {
        var rows = new int[count];
        for (var i = 0; i < count; i++) rows[i] = random.Next(n);
        return rows;
    }

    private static float[] Gather(RowMatrix data, int[] rows)
    {
        var d = data.Columns;
        var gathered = new float[rows.Length * d];
        for (var i = 0; i < rows.Length; i++) data.Row(rows[i]).CopyTo(gathered.AsSpan(i * d, d));
        return gathered;
    }

    private static float[] PrefixesOf(float[] seed, int[] ks, int d)
    {
        var packed = new float[ks.Sum() * d];
        var at = 0;
        foreach (var k in ks)
        {
            seed.AsSpan(0, k * d).CopyTo(packed.AsSpan(at));
            at += k * d;
        }
        return packed;
    }
}
