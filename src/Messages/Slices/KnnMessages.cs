namespace GalaxyActors.Messages.Slices;

/// <summary>
/// One block of all N reduced points (global rows [<paramref name="BlockStart"/>, + Points.Length / Dim)), streamed to
/// every slice so it finds the <paramref name="Neighbors"/> nearest neighbours of its own rows among all points.
/// Block <paramref name="BlockIndex"/> of <paramref name="BlockCount"/>; after the last the slice replies <see cref="KnnPart"/>.
/// </summary>
public sealed record KnnQuery(SliceRef Slice, int Neighbors, int Dim, int BlockIndex, int BlockCount, long BlockStart, float[] Points) : ISliceMessage;

/// <summary>
/// The slice's kNN result: for each of its rows, <paramref name="Neighbors"/> global point ids and squared distances,
/// nearest first, rows × Neighbors row-major (the point itself excluded).
/// </summary>
public sealed record KnnPart(SliceRef Slice, int Neighbors, int[] Ids, float[] Dists) : ISliceMessage;
