using GalaxyActors.Core;
using GalaxyActors.Core.Graph;
using GalaxyActors.Core.Linalg;

namespace GalaxyActors.Benchmarks;

/// <summary>
/// How well features predict labels: k-fold cross-validated k-nearest-neighbour classification
/// (Euclidean distance on the features as they are, majority vote). It asks whether images of one
/// class lie near each other in feature space, the property the clustering relies on, without the
/// clustering's own choices (PCA, K, seeds) in the way.
/// </summary>
public static class KnnClassification
{
    /// <summary>
    /// Fraction of images whose label is the majority label of their <paramref name="k"/> nearest
    /// neighbours among the other folds. Folds: the images in a seeded shuffle, dealt round-robin, so
    /// fold sizes differ by at most one. Ties of the vote go to the tied label met first in neighbour
    /// order (the nearest). Deterministic for a given seed.
    /// </summary>
    public static double CrossValidatedAccuracy(RowMatrix features, IReadOnlyList<int> labels, int folds = 5, int k = 10, int seed = 42)
    {
        if (labels.Count != features.Rows)
            throw new ArgumentException($"{labels.Count} labels for {features.Rows} rows.", nameof(labels));
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (features.Rows < folds)
            throw new InvalidInputException($"{features.Rows} images: {folds}-fold cross-validation needs at least {folds}.");
        var order = Enumerable.Range(0, features.Rows).ToArray();
        new Random(seed).Shuffle(order);
        var dims = features.Columns;
        var maxLabel = labels.Max();
        var votes = new int[maxLabel + 1];
        var correct = 0;
        for (var fold = 0; fold < folds; fold++)
        {
            var test = new List<int>();
            var train = new List<int>();
            for (var i = 0; i < order.Length; i++)
                (i % folds == fold ? test : train).Add(order[i]);
            var neighbours = Math.Min(k, train.Count);
            var found = new KnnTopK(test.Count, neighbours);
            ExactKnn.SearchBlock(Gather(features, test), test.Count, 0, Gather(features, train), train.Count, 0, dims, neighbours,
                excludeSelf: false, found);
            for (var q = 0; q < test.Count; q++)
            {
                Array.Clear(votes);
                var ids = found.IdsOf(q);
                var most = 0;
                foreach (var id in ids)
                    if (id != KnnTopK.Empty)
                        most = Math.Max(most, ++votes[labels[train[id]]]);
                var best = -1;
                foreach (var id in ids) // the first label, nearest first, with the most votes
                    if (id != KnnTopK.Empty && votes[labels[train[id]]] == most)
                    {
                        best = labels[train[id]];
                        break;
                    }
                if (best == labels[test[q]])
                    correct++;
            }
        }
        return (double)correct / features.Rows;
    }

    private static float[] Gather(RowMatrix features, List<int> rows)
    {
        var gathered = new float[rows.Count * features.Columns];
        for (var i = 0; i < rows.Count; i++)
            features.Row(rows[i]).CopyTo(gathered.AsSpan(i * features.Columns, features.Columns));
        return gathered;
    }
}
