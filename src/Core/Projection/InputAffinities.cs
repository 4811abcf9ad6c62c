using GalaxyActors.Core.Linalg;

namespace GalaxyActors.Core.Projection;

/// <summary>
/// The joint probabilities P of t-SNE as a sparse symmetric matrix in CSR form: row i holds the
/// neighbours j (ascending) with P_ij &gt; 0. The values sum to 1 over the whole matrix.
/// </summary>
internal sealed class InputAffinities
{
    private InputAffinities(int[] rowStarts, int[] columns, double[] values)
    {
        RowStarts = rowStarts;
        Columns = columns;
        Values = values;
    }

    public int[] RowStarts { get; }
    public int[] Columns { get; }
    public double[] Values { get; }
    public int Count => RowStarts.Length - 1;

    /// <summary>
    /// As van der Maaten (2014) and scikit-learn: conditional p_{j|i} ∝ exp(−β_i d²_ij) over the
    /// k = min(N−1, ⌊3·perplexity⌋+1) nearest neighbours, β_i found by bisection so that the entropy of
    /// row i equals ln(perplexity); then P = (P_cond + P_condᵀ) / sum.
    /// </summary>
    public static InputAffinities Compute(RowMatrix points, double perplexity)
    {
        var n = points.Rows;
        var k = Math.Min(n - 1, (int)(3.0 * perplexity + 1));
        // The project's exact kNN (the same search the spectral graph uses), distances squared for the Gaussian kernel.
        var knn = Graph.ExactKnn.Search(points, k);
        var neighbours = knn.Ids;
        var squaredDistances = new float[knn.Distances.Length];
        System.Numerics.Tensors.TensorPrimitives.Multiply(knn.Distances, knn.Distances, squaredDistances);
        var conditional = new double[n * k];
        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };
        Parallel.For(0, n, options, i =>
            ConditionalRow(squaredDistances.AsSpan(i * k, k), perplexity, conditional.AsSpan(i * k, k)));
        return Symmetrise(n, k, neighbours, conditional);
    }

    /// <summary>Bisection on the precision β of one row (scikit-learn's _binary_search_perplexity:
    /// 100 steps at most, entropy tolerance 1e-5).</summary>
    private static void ConditionalRow(ReadOnlySpan<float> squaredDistances, double perplexity, Span<double> probabilities)
    {
        var desiredEntropy = Math.Log(perplexity);
        // Distances are measured from the nearest neighbour's: the same distribution, but the largest
        // weight is exp(0) = 1, so the sum cannot underflow to zero however sharp β gets.
        var nearest = double.MaxValue;
        foreach (var distance in squaredDistances)
            nearest = Math.Min(nearest, distance);
        double beta = 1, betaLow = double.NegativeInfinity, betaHigh = double.PositiveInfinity;
        for (var step = 0; step < 100; step++)
        {
            double sum = 0, weighted = 0;
            for (var j = 0; j < probabilities.Length; j++)
            {
                var p = Math.Exp(-(squaredDistances[j] - nearest) * beta);
                probabilities[j] = p;
                sum += p;
            }
            for (var j = 0; j < probabilities.Length; j++)
            {
                probabilities[j] /= sum;
                weighted += (squaredDistances[j] - nearest) * probabilities[j];
            }
            var entropy = Math.Log(sum) + beta * weighted;
            var difference = entropy - desiredEntropy;
            if (Math.Abs(difference) <= 1e-5)
                break;
            if (difference > 0)
            {
                betaLow = beta;
                beta = double.IsPositiveInfinity(betaHigh) ? beta * 2 : (beta + betaHigh) / 2;
            }
            else
            {
                betaHigh = beta;
                beta = double.IsNegativeInfinity(betaLow) ? beta / 2 : (beta + betaLow) / 2;
            }
        }
    }

    private static InputAffinities Symmetrise(int n, int k, int[] neighbours, double[] conditional)
    {
        // Sort each row by column so that rows of P_cond and of its transpose can be merged.
        var columns = (int[])neighbours.Clone();
        var values = (double[])conditional.Clone();
        for (var i = 0; i < n; i++)
            Array.Sort(columns, values, i * k, k);

        // Transpose by counting sort; scanning rows in order leaves each transposed row ascending.
        var transposeStarts = new int[n + 1];
        foreach (var column in columns)
            transposeStarts[column + 1]++;
        for (var i = 0; i < n; i++)
            transposeStarts[i + 1] += transposeStarts[i];
        var transposeColumns = new int[columns.Length];
        var transposeValues = new double[columns.Length];
        var fill = (int[])transposeStarts.Clone();
        for (var i = 0; i < n; i++)
            for (var e = i * k; e < (i + 1) * k; e++)
            {
                var at = fill[columns[e]]++;
                transposeColumns[at] = i;
                transposeValues[at] = values[e];
            }

        // Merge row i of P_cond with row i of its transpose.
        var rowStarts = new int[n + 1];
        var mergedColumns = new List<int>(2 * columns.Length);
        var mergedValues = new List<double>(2 * columns.Length);
        double total = 0;
        for (var i = 0; i < n; i++)
        {
            int a = i * k, aEnd = (i + 1) * k, b = transposeStarts[i], bEnd = transposeStarts[i + 1];
            while (a < aEnd || b < bEnd)
            {
                int column;
                double value;
                if (b >= bEnd || (a < aEnd && columns[a] < transposeColumns[b]))
                    (column, value) = (columns[a], values[a++]);
                else if (a >= aEnd || transposeColumns[b] < columns[a])
                    (column, value) = (transposeColumns[b], transposeValues[b++]);
                else
                    (column, value) = (columns[a], values[a++] + transposeValues[b++]);
                mergedColumns.Add(column);
                mergedValues.Add(value);
                total += value;
            }
            rowStarts[i + 1] = mergedColumns.Count;
        }
        var normalised = mergedValues.ToArray();
        var scale = 1.0 / Math.Max(total, double.Epsilon);
        for (var e = 0; e < normalised.Length; e++)
            normalised[e] *= scale;
        return new InputAffinities(rowStarts, mergedColumns.ToArray(), normalised);
    }
}
