namespace GalaxyActors.Core.Clustering;

/// <summary>
/// One pass of the k-means kernel over all the data, however the data is spread: locally over
/// in-memory slices (<see cref="LocalKMeansPass"/>) or by the cluster over slice actors. Either way
/// the per-slice partials must be merged in slice order so both give identical results.
/// </summary>
public interface IKMeansPass
{
    int Rows { get; }
    int Dimensions { get; }

    /// <summary>Assigns every row against every set: merged sums, counts and SSE.</summary>
    KMeansPartial Accumulate(CentroidSets sets);

    /// <summary>Assigns only the given rows (ascending global indices, repeats allowed): a mini-batch.</summary>
    KMeansPartial AccumulateRows(CentroidSets sets, int[] sortedRows);

    /// <summary>
    /// The final full assignment: labelsPerSet[s][row] receives each row's centroid in set s;
    /// the returned SSE is exact (Σ(x − c)² in double).
    /// </summary>
    KMeansPartial Label(CentroidSets sets, int[][] labelsPerSet);
}
