namespace GalaxyActors.Messages.Slices;

/// <summary>
/// Asks the slice to search one share of all <paramref name="Rows"/> reduced points of <paramref name="Dim"/> values:
/// the points at k-d positions [<paramref name="First"/>, + <paramref name="Count"/>) of their k-d order (the library's
/// <c>ExactKnn.Reference</c>), each for its <paramref name="Neighbors"/> nearest among all. The points are held once per
/// node for all the slices it hosts (<see cref="HoldKnnPoints"/>, named by <paramref name="PointsKey"/>, a digest of
/// them). The slice replies <see cref="KnnPart"/>, or <see cref="KnnPointsMissing"/> when its node does not hold them.
/// A slice is only the unit of scheduling here: its share is not its own rows.
/// </summary>
public sealed record KnnSearch(SliceRef Slice, int Neighbors, int Dim, int Rows, long PointsKey, int First, int Count) : ISliceMessage;

/// <summary>The slice's node does not hold the points of the <see cref="KnnSearch"/>; <paramref name="Node"/> is its address.</summary>
public sealed record KnnPointsMissing(SliceRef Slice, string Node) : ISliceMessage;

/// <summary>
/// One block of all <paramref name="Rows"/> reduced points (global rows [<paramref name="BlockStart"/>, + Points.Length / Dim)),
/// block <paramref name="BlockIndex"/> of <paramref name="BlockCount"/>, sent through one slice to be held by its node for
/// every slice there: the coordinator sends each node the points once, not each slice. Answered by <see cref="KnnPointsHeld"/>.
/// </summary>
public sealed record HoldKnnPoints(SliceRef Slice, long PointsKey, int Rows, int Dim, int BlockIndex, int BlockCount, long BlockStart, float[] Points)
    : ISliceMessage;

/// <summary>The slice's node holds block <paramref name="BlockIndex"/> of the points.</summary>
public sealed record KnnPointsHeld(SliceRef Slice, int BlockIndex) : ISliceMessage;

/// <summary>
/// The slice's kNN result for its share: for each point of it (global row <paramref name="Points"/>[i]),
/// <paramref name="Neighbors"/> global point ids and exact squared distances (double, so results agree bit for bit
/// with one process), nearest first, points × Neighbors row-major (the point itself excluded).
/// </summary>
public sealed record KnnPart(SliceRef Slice, int Neighbors, int[] Points, int[] Ids, double[] SquaredDistances) : ISliceMessage;
