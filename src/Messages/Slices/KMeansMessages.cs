namespace GalaxyActors.Messages.Slices;

/// <summary>
/// One mini-batch/Lloyd step for several K at once (the elbow runs every K in the same passes). <paramref name="Ks"/>
/// lists the centroid-set sizes; <paramref name="Centroids"/> holds the sets one after another, sum(Ks) rows of
/// <paramref name="Dim"/> float32. Replies with <see cref="KMeansStepResult"/>.
/// </summary>
public sealed record KMeansStep(SliceRef Slice, int Iteration, int Dim, int[] Ks, float[] Centroids) : ISliceMessage;

/// <summary>
/// The slice's partial sums for a <see cref="KMeansStep"/>: per centroid (sum(Ks) rows) the <paramref name="Dim"/>
/// coordinate sums and the member counts, and per set the SSE. Merged across slices by addition.
/// </summary>
public sealed record KMeansStepResult(SliceRef Slice, int Iteration, int Dim, int[] Ks, double[] Sums, long[] Counts, double[] Sse) : ISliceMessage;

/// <summary>Final assignment: label every row of the slice against each centroid set (layout as in <see cref="KMeansStep"/>).</summary>
public sealed record AssignSlice(SliceRef Slice, int Dim, int[] Ks, float[] Centroids) : ISliceMessage;

/// <summary>
/// Labels of the slice's rows: <paramref name="Labels"/> is rows × sets, row-major (label of row r in set s at
/// r * Ks.Length + s); <paramref name="Sse"/> per set.
/// </summary>
public sealed record SliceAssigned(SliceRef Slice, int[] Ks, int[] Labels, double[] Sse) : ISliceMessage;
