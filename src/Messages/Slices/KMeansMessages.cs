namespace GalaxyActors.Messages.Slices;

/// <summary>
/// Gives the slice its reduced (PCA-projected) rows, <paramref name="Dim"/> float32 each, row-major, for the K-means
/// passes that follow. The coordinator projects (one model, one rounding) and hands the rows out, so every node
/// works on exactly the points a single process would. Replies with <see cref="SliceProjected"/>.
/// </summary>
public sealed record HoldReducedRows(SliceRef Slice, int Dim, float[] Points) : ISliceMessage;

/// <summary>The slice was asked for a K-means pass but holds no reduced rows (it was re-created on another node): send them again.</summary>
public sealed record ReducedRowsMissing(SliceRef Slice) : ISliceMessage;

/// <summary>
/// One assignment pass for several K at once (the elbow runs every K in the same passes). <paramref name="Ks"/>
/// lists the centroid-set sizes; <paramref name="Centroids"/> holds the sets one after another, sum(Ks) rows of
/// <paramref name="Dim"/> float32. <paramref name="Rows"/> are the slice-local rows of a mini-batch (ascending,
/// repeats allowed), or empty for all rows. <paramref name="Iteration"/> identifies the pass. Replies with
/// <see cref="KMeansStepResult"/>.
/// </summary>
public sealed record KMeansStep(SliceRef Slice, int Iteration, int Dim, int[] Ks, float[] Centroids, int[] Rows) : ISliceMessage;

/// <summary>
/// The slice's partial sums for a <see cref="KMeansStep"/>: per centroid (sum(Ks) rows) the <paramref name="Dim"/>
/// coordinate sums and the member counts, and per set the SSE. Merged across slices by addition, in slice order.
/// </summary>
public sealed record KMeansStepResult(SliceRef Slice, int Iteration, int Dim, int[] Ks, double[] Sums, long[] Counts, double[] Sse) : ISliceMessage;

/// <summary>Final assignment: label every row of the slice against each centroid set (layout as in <see cref="KMeansStep"/>).</summary>
public sealed record AssignSlice(SliceRef Slice, int Dim, int[] Ks, float[] Centroids) : ISliceMessage;

/// <summary>
/// Labels of the slice's rows: <paramref name="Labels"/> is sets × rows, set-major (label of row r in set s at
/// s * rows + r); with the pass's partial sums, counts and exact SSE per set (as <see cref="KMeansStepResult"/>).
/// </summary>
public sealed record SliceAssigned(SliceRef Slice, int[] Ks, int[] Labels, double[] Sums, long[] Counts, double[] Sse) : ISliceMessage;
