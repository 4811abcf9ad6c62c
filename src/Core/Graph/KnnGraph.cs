using System.Runtime.CompilerServices;
namespace GalaxyActors.Core.Graph;

/// <summary>
/// The connectivity kNN graph as scikit-learn's SpectralClustering builds it:
/// A[i, j] = 1 when j is among i's k neighbours, then W = (A + Aᵀ)/2, so a mutual pair weighs 1 and
/// a one-way pair 0.5. No self loops.
/// </summary>
public static class KnnGraph
{
    /// <summary>
    /// Builds W from <paramref name="neighbourIds"/> (row i's k ids at [i*k, i*k+k); negative ids
    /// and i itself are ignored).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static SparseMatrix Build(int n, int[] neighbourIds, int k)
    {
        if (k < 1)
            throw new InvalidInputException($"--neighbors must be at least 1, got {k}.");
        if (n <= k)
            throw new InvalidInputException($"kNN graph: {n} points cannot each have {k} neighbours other than themselves (need more than {k} points; lower --neighbors).");
        if (neighbourIds.Length != (long)n * k)
            throw new ArgumentException($"Expected {n}×{k} neighbour ids, got {neighbourIds.Length}.", nameof(neighbourIds));

        // Every directed edge i→j contributes 0.5 to (i, j) and 0.5 to (j, i); count first, then fill.
        var counts = new int[n + 1];
        for (var i = 0; i < n; i++)
            for (var a = 0; a < k; a++)
            {
                var j = neighbourIds[i * k + a];
                if (j < 0 || j == i)
                    continue;
                if (j >= n)
                    throw new ArgumentException($"Neighbour id {j} of point {i} is outside 0..{n - 1}.", nameof(neighbourIds));
                counts[i + 1]++;
                counts[j + 1]++;
            }
        for (var i = 0; i < n; i++)
            counts[i + 1] += counts[i];
        var next = counts[..n];
        var columns = new int[counts[n]];
        for (var i = 0; i < n; i++)
            for (var a = 0; a < k; a++)
            {
                var j = neighbourIds[i * k + a];
                if (j < 0 || j == i)
                    continue;
                columns[next[i]++] = j;
                columns[next[j]++] = i;
            }

        // Sort each row and sum duplicates (i→j and j→i both present, or an id listed twice).
        var rowPointers = new int[n + 1];
        var outColumns = new int[columns.Length];
        var values = new double[columns.Length];
        var written = 0;
        for (var i = 0; i < n; i++)
        {
            var row = columns.AsSpan(counts[i], counts[i + 1] - counts[i]);
            row.Sort();
            for (var p = 0; p < row.Length; p++)
            {
                if (written > rowPointers[i] && outColumns[written - 1] == row[p])
                {
                    values[written - 1] += 0.5;
                    continue;
                }
                outColumns[written] = row[p];
                values[written++] = 0.5;
            }
            rowPointers[i + 1] = written;
        }
        // An id listed twice by one point still means one edge: connectivity weights stay 0.5 or 1.
        for (var p = 0; p < written; p++)
            values[p] = Math.Min(values[p], 1.0);
        return new SparseMatrix(n, rowPointers, outColumns[..written], values[..written]);
    }
}
