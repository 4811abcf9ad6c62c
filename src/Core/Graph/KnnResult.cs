namespace GalaxyActors.Core.Graph;

/// <summary>
/// Each point's k nearest neighbours: <see cref="Ids"/>[i * K + j] is point i's j-th nearest
/// (nearest first, ties by smaller id) and <see cref="Distances"/> its Euclidean distance.
/// </summary>
public sealed record KnnResult(int Count, int K, int[] Ids, float[] Distances)
{
    public ReadOnlySpan<int> NeighboursOf(int point) => Ids.AsSpan(point * K, K);

    public static KnnResult From(KnnTopK topK)
    {
        var distances = new float[topK.SquaredDistances.Length];
        for (var i = 0; i < distances.Length; i++)
            distances[i] = (float)Math.Sqrt(topK.SquaredDistances[i]);
        return new KnnResult(topK.QueryCount, topK.K, (int[])topK.Ids.Clone(), distances);
    }
}
