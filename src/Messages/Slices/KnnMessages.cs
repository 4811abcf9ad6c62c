namespace GalaxyActors.Messages.Slices;

/// <summary>
/// One block of all N reduced points (global rows [<paramref name="BlockStart"/>, + Points.Length / Dim)), sent to
/// every slice: the slice searches its own reduced rows against the block and replies <see cref="KnnPart"/>, the
/// <paramref name="Neighbors"/> nearest of each row within this block. Exact lists merge, so the coordinator's merge
/// of the blocks is the exact answer over all points. Block <paramref name="BlockIndex"/> of <paramref name="BlockCount"/>.
/// </summary>
public sealed record KnnQuery(SliceRef Slice, int Neighbors, int Dim, int BlockIndex, int BlockCount, long BlockStart, float[] Points) : ISliceMessage;

/// <summary>
/// The slice's kNN result for one block: for each of its rows, <paramref name="Neighbors"/> global point ids and exact
/// squared distances (double, so the merge breaks near-ties exactly as one process does), nearest first, rows ×
/// Neighbors row-major (the point itself excluded; id -1 with distance +∞ where the block had too few points).
/// </summary>
public sealed record KnnPart(SliceRef Slice, int Neighbors, int[] Ids, double[] SquaredDistances) : ISliceMessage;
