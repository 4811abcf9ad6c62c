using GalaxyActors.Core.Linalg;

namespace GalaxyActors.Core.Clustering;

/// <summary>
/// Fits k-means for several K at once, all centroid sets advancing together through shared passes
/// of an <see cref="IKMeansPass"/>: seeding on the coordinator's copy of the (small, reduced) data,
/// assignment passes wherever the data lives, centroid updates here. Lloyd runs each K's n_init
/// restarts to convergence (sets that converge drop out of later passes) and keeps the lowest SSE;
/// mini-batch follows scikit-learn's MiniBatchKMeans (<see cref="MiniBatchKMeans"/>).
/// </summary>
public static class KMeansSolver
{
    /// <param name="data">The reduced points, used for seeding and the tolerance scale.</param>
    /// <param name="pass">Runs the assignment kernel over all the data (locally or distributed).</param>
    /// <param name="ks">The K values to fit (each between 1 and the number of points).</param>
    public static KMeansResult[] Fit(RowMatrix data, IKMeansPass pass, int[] ks, KMeansOptions options)
    {
        options.Validate();
        var n = data.Rows;
        var d = data.Columns;
        if (pass.Rows != n || pass.Dimensions != d)
            throw new ArgumentException("The pass must run over the same data as the seeding.", nameof(pass));
        FiniteRows.Ensure(data.Data, d, 0, "reduced points");
        foreach (var k in ks)
        {
            if (k < 1) throw new InvalidInputException($"The number of clusters K must be at least 1, got {k}.");
            if (k > n) throw new InvalidInputException($"The number of clusters K = {k} exceeds the number of points N = {n}.");
        }
        if (options.Algorithm == KMeansAlgorithm.MiniBatch) return MiniBatchKMeans.Fit(data, pass, ks, options);

        var restartRows = Math.Max(options.RestartRowsFor(n), ks.Max());
        if (restartRows >= n)
        {
            var restarts = Restarts(data, pass, ks, options);
            return LabelWinners(pass, ks, restarts.Centroids, restarts.Sizes, d, restarts.Winners, restarts.Iterations, options.NInit);
        }

        // Above a size the restarts run on a random sample of the rows (on this process's copy), and only each K's
        // winner is refined by Lloyd on all of them: the restarts only pick a basin, and a sample of 10⁵ rows picks
        // the same one (SSE within 0.05 % at 200,000 and 10⁶ rows, docs/BENCHMARKS.md) at a fraction of the passes over all rows.
        var sample = RowSample.Gather(data, RowSample.Ascending(n, restartRows, RestartSeed(options.Seed, -2)));
        var onSample = Restarts(sample, new LocalKMeansPass(sample), ks, options);
        var chosen = onSample.Winners.Select(w => onSample.Centroids[w]).ToArray();
        var tolerance = (options.Tolerance ?? KMeansOptions.LloydTolerance) * MeanColumnVariance(data);
        var iterations = Lloyd.Run(pass, chosen, ks, d, options.MaxIterations, tolerance);
        return LabelWinners(pass, ks, chosen, ks, d, Enumerable.Range(0, ks.Length).ToArray(), iterations, 1,
            onSample.Winners.Select(w => w % options.NInit).ToArray(), restartRows);
    }

    /// <summary>Every K's n_init restarts run to convergence over <paramref name="pass"/>; the winner per K is the lowest SSE.</summary>
    private static (float[][] Centroids, int[] Sizes, int[] Winners, int[] Iterations) Restarts(RowMatrix data, IKMeansPass pass, int[] ks,
        KMeansOptions options)
    {
        var d = data.Columns;
        var kMax = ks.Max();

        // One greedy k-means++ seeding per restart, for the largest K; smaller K use its prefixes.
        var seeds = new float[options.NInit][];
        // Restarts in parallel, each seeding sequential inside (see parallelChunks); one restart uses the chunks.
        if (options.NInit == 1)
            seeds[0] = KMeansSeeding.GreedyKMeansPlusPlus(data, kMax, new Random(RestartSeed(options.Seed, 0)));
        else
            Parallel.For(0, options.NInit, i =>
                seeds[i] = KMeansSeeding.GreedyKMeansPlusPlus(data, kMax, new Random(RestartSeed(options.Seed, i)), parallelChunks: false));

        // Set index = kIndex × NInit + restart.
        var setCount = ks.Length * options.NInit;
        var centroids = new float[setCount][];
        var sizes = new int[setCount];
        for (var ki = 0; ki < ks.Length; ki++)
            for (var i = 0; i < options.NInit; i++)
            {
                var s = ki * options.NInit + i;
                sizes[s] = ks[ki];
                centroids[s] = seeds[i].AsSpan(0, ks[ki] * d).ToArray();
            }

        var tolerance = (options.Tolerance ?? KMeansOptions.LloydTolerance) * MeanColumnVariance(data);
        var iterations = Lloyd.Run(pass, centroids, sizes, d, options.MaxIterations, tolerance);

        // SSE of every restart at its final centroids picks the winner per K (with one restart
        // there is nothing to pick, and the pass is saved).
        var winners = new int[ks.Length];
        for (var ki = 0; ki < ks.Length; ki++) winners[ki] = ki * options.NInit;
        if (options.NInit > 1)
        {
            var final = pass.Accumulate(Pack(centroids, sizes, d, Enumerable.Range(0, setCount).ToArray()));
            for (var ki = 0; ki < ks.Length; ki++)
            {
                var best = ki * options.NInit;
                for (var i = 1; i < options.NInit; i++)
                    if (final.Sse[ki * options.NInit + i] < final.Sse[best]) best = ki * options.NInit + i;
                winners[ki] = best;
            }
        }
        return (centroids, sizes, winners, iterations);
    }

    /// <summary>
    /// One labelling pass over the chosen set of each K gives labels, sizes and the exact SSE.
    /// </summary>
    internal static KMeansResult[] LabelWinners(IKMeansPass pass, int[] ks, float[][] centroids, int[] sizes, int d, int[] winners,
        int[] iterations, int setsPerK, int[]? restarts = null, int? restartRows = null)
    {
        var chosen = Pack(centroids, sizes, d, winners);
        var labels = new int[ks.Length][];
        for (var ki = 0; ki < ks.Length; ki++) labels[ki] = new int[pass.Rows];
        var labelled = pass.Label(chosen, labels);
        var results = new KMeansResult[ks.Length];
        for (var ki = 0; ki < ks.Length; ki++)
        {
            var k = ks[ki];
            var counts = labelled.Counts.AsSpan(chosen.Offsets[ki], k).ToArray();
            results[ki] = new KMeansResult(k, centroids[winners[ki]], labels[ki], counts, labelled.Sse[ki],
                iterations[winners[ki]], restarts?[ki] ?? winners[ki] % setsPerK) { RestartRows = restartRows };
        }
        return results;
    }

    /// <summary>Fits one K with restarts on in-memory data.</summary>
    public static KMeansResult Fit(RowMatrix data, int k, KMeansOptions options, int sliceRows = Pca.DefaultSliceRows) =>
        Fit(data, new LocalKMeansPass(data, sliceRows), [k], options)[0];

    internal static int RestartSeed(int seed, int restart) => unchecked(seed * 1_000_003 + restart * 7919 + 17);

    internal static CentroidSets Pack(float[][] centroids, int[] sizes, int d, IReadOnlyList<int> which)
    {
        var setSizes = new int[which.Count];
        var total = 0;
        for (var i = 0; i < which.Count; i++) { setSizes[i] = sizes[which[i]]; total += setSizes[i]; }
        var packed = new float[total * d];
        var at = 0;
        foreach (var s in which)
        {
            centroids[s].CopyTo(packed, at);
            at += centroids[s].Length;
        }
        return new CentroidSets(d, setSizes, packed);
    }

    /// <summary>Mean over columns of the column variance (population), scikit-learn's tolerance scale.</summary>
    internal static double MeanColumnVariance(RowMatrix data)
    {
        var d = data.Columns;
        var sum = new double[d];
        var sq = new double[d];
        for (var r = 0; r < data.Rows; r++)
        {
            var row = data.Row(r);
            for (var j = 0; j < d; j++) { double v = row[j]; sum[j] += v; sq[j] += v * v; }
        }
        double total = 0;
        for (var j = 0; j < d; j++)
        {
            var mean = sum[j] / data.Rows;
            total += Math.Max(0, sq[j] / data.Rows - mean * mean);
        }
        return total / d;
    }

    /// <summary>Lloyd iterations: every active set moves each centroid to the mean of its rows.</summary>
    private static class Lloyd
    {
        public static int[] Run(IKMeansPass pass, float[][] centroids, int[] sizes, int d, int maxIterations, double tolerance)
        {
            var setCount = centroids.Length;
            var iterations = new int[setCount];
            var active = Enumerable.Range(0, setCount).ToList();
            for (var iteration = 1; iteration <= maxIterations && active.Count > 0; iteration++)
            {
                var sets = Pack(centroids, sizes, d, active);
                var partial = pass.Accumulate(sets);
                var stillActive = new List<int>(active.Count);
                for (var a = 0; a < active.Count; a++)
                {
                    var s = active[a];
                    var shift = 0.0;
                    for (var c = 0; c < sizes[s]; c++)
                    {
                        var global = sets.Offsets[a] + c;
                        var count = partial.Counts[global];
                        // An empty cluster keeps its centroid (k-means++ seeding makes this rare).
                        if (count == 0) continue;
                        for (var j = 0; j < d; j++)
                        {
                            var updated = (float)(partial.Sums[global * d + j] / count);
                            double delta = updated - centroids[s][c * d + j];
                            shift += delta * delta;
                            centroids[s][c * d + j] = updated;
                        }
                    }
                    iterations[s] = iteration;
                    if (shift > tolerance) stillActive.Add(s);
                }
                active = stillActive;
            }
            return iterations;
        }
    }
}
