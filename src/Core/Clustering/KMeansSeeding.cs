using System.Runtime.CompilerServices;
using GalaxyActors.Core.Linalg;

namespace GalaxyActors.Core.Clustering;

/// <summary>
/// Greedy k-means++ seeding as scikit-learn does it: the first centre uniformly at random, then
/// each next centre the best (lowest resulting potential) of 2 + ⌊ln k⌋ candidates sampled with
/// probability proportional to the squared distance to the nearest centre chosen so far.
/// Because each step only depends on the steps before it, the first K centres of a seeding for
/// K-max are a valid k-means++ seeding for K: the elbow seeds each restart once, for K-max, and
/// uses prefixes for the smaller K.
/// </summary>
public static class KMeansSeeding
{
    private const int ChunkRows = 2048;

    /// <returns>Row-major [k × d] centres, all rows of <paramref name="data"/>.</returns>
    /// <param name="parallelChunks">
    /// Run the distance chunks in parallel. Callers that already seed several restarts in parallel
    /// pass false: nested blocking Parallel.For starves the thread pool on few cores (it then adds
    /// threads only slowly), which made seeding cost more than all the Lloyd passes of a K. The
    /// chunks' sums are added in chunk order either way, so the result is the same.
    /// </param>
    public static float[] GreedyKMeansPlusPlus(RowMatrix data, int k, Random random, int? localTrials = null, bool parallelChunks = true)
    {
        var n = data.Rows;
        var d = data.Columns;
        if (k < 1 || k > n) throw new InvalidInputException($"Cannot seed {k} clusters from {n} points: K must be between 1 and the number of points.");
        var trials = localTrials ?? 2 + (int)Math.Log(k);
        var centres = new float[k * d];
        var closest = new float[n];
        var candidateDistances = new float[trials][];
        for (var t = 0; t < trials; t++) candidateDistances[t] = new float[n];
        var cumulative = new double[n];
        var chunks = (n + ChunkRows - 1) / ChunkRows;
        var chunkSums = new double[trials][];
        for (var t = 0; t < trials; t++) chunkSums[t] = new double[chunks];

        var first = random.Next(n);
        data.Row(first).CopyTo(centres.AsSpan(0, d));
        var potential = DistancesTo(data, [data.Row(first).ToArray()], [closest], null, chunkSums, parallelChunks)[0];

        for (var c = 1; c < k; c++)
        {
            double running = 0;
            for (var i = 0; i < n; i++) { running += closest[i]; cumulative[i] = running; }
            var candidates = new int[trials];
            for (var t = 0; t < trials; t++)
            {
                var target = random.NextDouble() * potential;
                var index = Array.BinarySearch(cumulative, target);
                if (index < 0) index = ~index;
                candidates[t] = Math.Min(index, n - 1);
            }
            // All candidates in one sweep over the rows (one parallel loop per centre, not per candidate).
            var candidateCentres = new float[trials][];
            for (var t = 0; t < trials; t++) candidateCentres[t] = data.Row(candidates[t]).ToArray();
            var potentials = DistancesTo(data, candidateCentres, candidateDistances, closest, chunkSums, parallelChunks);
            var bestTrial = 0;
            var bestPotential = double.PositiveInfinity;
            for (var t = 0; t < trials; t++)
                if (potentials[t] < bestPotential) { bestPotential = potentials[t]; bestTrial = t; }
            data.Row(candidates[bestTrial]).CopyTo(centres.AsSpan(c * d, d));
            candidateDistances[bestTrial].CopyTo(closest, 0);
            potential = bestPotential;
        }
        return centres;
    }

    /// <summary>
    /// outputs[t][i] = min(‖x_i − centres[t]‖², current[i]) (or just the distance without current)
    /// for every centre t, in parallel over fixed chunks; returns Σ outputs[t] per centre, the
    /// chunk sums added in chunk order, so the result does not depend on the parallelism.
    /// </summary>
    private static double[] DistancesTo(RowMatrix data, float[][] centres, float[][] outputs, float[]? current, double[][] chunkSums, bool parallel)
    {
        var n = data.Rows;
        var chunks = chunkSums[0].Length;
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        void Chunk(int chunk)
        {
            var start = chunk * ChunkRows;
            var end = Math.Min(n, start + ChunkRows);
            for (var t = 0; t < centres.Length; t++)
            {
                var centre = centres[t];
                var output = outputs[t];
                double sum = 0;
                for (var i = start; i < end; i++)
                {
                    var sq = FloatDistance.Squared(data.Row(i), centre);
                    if (current != null && current[i] < sq) sq = current[i];
                    output[i] = sq;
                    sum += sq;
                }
                chunkSums[t][chunk] = sum;
            }
        }
        if (parallel) Parallel.For(0, chunks, Chunk);
        else for (var chunk = 0; chunk < chunks; chunk++) Chunk(chunk);
        var totals = new double[centres.Length];
        for (var t = 0; t < centres.Length; t++)
        {
            double total = 0;
            for (var chunk = 0; chunk < chunks; chunk++) total += chunkSums[t][chunk];
            totals[t] = total;
        }
        return totals;
    }
}
