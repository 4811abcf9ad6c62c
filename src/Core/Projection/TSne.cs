using GalaxyActors.Core.Linalg;

namespace GalaxyActors.Core.Projection;

/// <summary>
/// t-SNE following scikit-learn's <c>TSNE</c> and openTSNE: sparse input affinities from the 3·perplexity nearest
/// neighbours, Student-t output kernel, early exaggeration, gradient descent with momentum and per-coordinate gains;
/// the repulsion summed by FFT-accelerated interpolation (<see cref="InterpolatedRepulsion"/>, the default) or by
/// Barnes–Hut's quadtree (<see cref="BarnesHutRepulsion"/>). Deterministic for given options: parallel loops write per-point results and every sum
/// over points is taken in index order.
/// </summary>
public static class TSne
{
    private const int Block = 256;
    private const double MinimumGain = 0.01;

    /// <summary>Embeds the rows of <paramref name="points"/> in 2-D; returns N×2 row-major (x, y).</summary>
    /// <param name="cancellation">Checked every iteration: a stopped job's map stops within one gradient step.</param>
    public static float[] Embed(RowMatrix points, TSneOptions options, CancellationToken cancellation = default) => Embed(points, options, out _, cancellation);

    /// <summary>As <see cref="Embed(RowMatrix, TSneOptions, CancellationToken)"/>, also giving the Kullback–Leibler
    /// divergence KL(P‖Q) of the final map (without exaggeration, Q from the repulsion's normaliser).</summary>
    public static float[] Embed(RowMatrix points, TSneOptions options, out double klDivergence, CancellationToken cancellation = default)
    {
        Validate(points, options);
        var n = points.Rows;
        var affinities = InputAffinities.Compute(points, options.Perplexity);
        var positions = InitialPositions(points, options);

        IRepulsion repulsionSum = options.RepulsionFor(n) == TSneRepulsion.BarnesHut
            ? new BarnesHutRepulsion(n, options.Theta)
            : new InterpolatedRepulsion(n);
        var gradient = new double[2 * n];
        var repulsion = new double[2 * n];
        var normaliserParts = new double[n];
        var update = new double[2 * n];
        var gains = new double[2 * n];
        var learningRate = options.LearningRateFor(n);

        for (var iteration = 0; iteration < options.Iterations; iteration++)
        {
            cancellation.ThrowIfCancellationRequested();
            var exploring = iteration < options.ExaggerationIterations;
            if (iteration == 0 || iteration == options.ExaggerationIterations)
            {
                // scikit-learn runs the two phases as separate descents, each starting afresh.
                Array.Clear(update);
                Array.Fill(gains, 1.0);
            }
            var exaggeration = exploring ? options.EarlyExaggeration : 1.0;
            var momentum = exploring ? 0.5 : 0.8;

            var normaliser = repulsionSum.Compute(positions, repulsion, normaliserParts);
            Gradient(affinities, positions, repulsion, normaliser, exaggeration, gradient);
            for (var c = 0; c < gradient.Length; c++)
            {
                // Gains grow while a coordinate keeps moving the same way, shrink when it overshoots.
                gains[c] = update[c] * gradient[c] < 0 ? gains[c] + 0.2 : Math.Max(gains[c] * 0.8, MinimumGain);
                update[c] = momentum * update[c] - learningRate * gains[c] * gradient[c];
                positions[c] += update[c];
            }
        }

        klDivergence = KlDivergence(affinities, positions, repulsionSum.Compute(positions, repulsion, normaliserParts));
        var embedding = new float[2 * n];
        for (var c = 0; c < embedding.Length; c++)
            embedding[c] = (float)positions[c];
        return embedding;
    }

    private static void Validate(RowMatrix points, TSneOptions options)
    {
        if (points.Rows < 3)
            throw new InvalidInputException($"t-SNE needs at least 3 points; got {points.Rows}.");
        if (!(options.Perplexity > 0) || options.Perplexity >= points.Rows)
            throw new InvalidInputException($"t-SNE perplexity must be positive and below the number of points ({points.Rows}); got {options.Perplexity}.");
        if (options.Iterations < 1 || options.ExaggerationIterations < 0)
            throw new InvalidInputException($"t-SNE iterations must be positive; got {options.Iterations} (exaggeration phase {options.ExaggerationIterations}).");
        if (!(options.Theta >= 0) || options.Theta > 1)
            throw new InvalidInputException($"t-SNE theta must lie in [0, 1]; got {options.Theta}.");
        if (options.LearningRate is { } rate && !(rate > 0))
            throw new InvalidInputException($"t-SNE learning rate must be positive; got {rate}.");
        foreach (var value in points.Data)
            if (!float.IsFinite(value))
                throw new InvalidInputException("t-SNE input holds a NaN or infinite value.");
    }

    private static double[] InitialPositions(RowMatrix points, TSneOptions options)
    {
        var n = points.Rows;
        var positions = new double[2 * n];
        if (options.Initialization == TSneInitialization.Pca)
        {
            var pca = Pca2D.Embed(points);
            double mean = 0, squares = 0;
            for (var i = 0; i < n; i++)
                mean += pca[2 * i];
            mean /= n;
            for (var i = 0; i < n; i++)
                squares += (pca[2 * i] - mean) * (pca[2 * i] - mean);
            var std = Math.Sqrt(squares / n);
            if (std > 0)
            {
                // scikit-learn: PCA coordinates scaled so that the first has standard deviation 1e-4.
                for (var c = 0; c < positions.Length; c++)
                    positions[c] = pca[c] / std * 1e-4;
                return positions;
            }
        }
        var random = new Random(options.Seed);
        for (var c = 0; c < positions.Length; c++)
        {
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            positions[c] = 1e-4 * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
        }
        return positions;
    }

    /// <summary>∂KL/∂y_i = 4 (Σ_j α P_ij q_ij (y_i − y_j) − Σ_j q_ij² (y_i − y_j) / Z).</summary>
    private static void Gradient(InputAffinities affinities, double[] positions, double[] repulsion, double normaliser,
        double exaggeration, double[] gradient)
    {
        var n = affinities.Count;
        var inverseNormaliser = 1.0 / normaliser;
        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };
        Parallel.For(0, (n + Block - 1) / Block, options, block =>
        {
            var end = Math.Min(n, (block + 1) * Block);
            for (var i = block * Block; i < end; i++)
            {
                var xi = positions[2 * i];
                var yi = positions[2 * i + 1];
                double ax = 0, ay = 0;
                for (var e = affinities.RowStarts[i]; e < affinities.RowStarts[i + 1]; e++)
                {
                    var j = affinities.Columns[e];
                    var dx = xi - positions[2 * j];
                    var dy = yi - positions[2 * j + 1];
                    var pq = affinities.Values[e] / (1.0 + dx * dx + dy * dy);
                    ax += pq * dx;
                    ay += pq * dy;
                }
                gradient[2 * i] = 4.0 * (exaggeration * ax - repulsion[2 * i] * inverseNormaliser);
                gradient[2 * i + 1] = 4.0 * (exaggeration * ay - repulsion[2 * i + 1] * inverseNormaliser);
            }
        });
    }

    /// <summary>KL(P‖Q) = Σ P_ij ln(P_ij / Q_ij) over the non-zero P_ij, Q_ij = q_ij / Z.</summary>
    private static double KlDivergence(InputAffinities affinities, double[] positions, double normaliser)
    {
        double kl = 0;
        for (var i = 0; i < affinities.Count; i++)
            for (var e = affinities.RowStarts[i]; e < affinities.RowStarts[i + 1]; e++)
            {
                var p = affinities.Values[e];
                if (p <= 0)
                    continue;
                var j = affinities.Columns[e];
                var dx = positions[2 * i] - positions[2 * j];
                var dy = positions[2 * i + 1] - positions[2 * j + 1];
                var q = 1.0 / (1.0 + dx * dx + dy * dy) / normaliser;
                kl += p * Math.Log(p / Math.Max(q, double.Epsilon));
            }
        return kl;
    }
}
