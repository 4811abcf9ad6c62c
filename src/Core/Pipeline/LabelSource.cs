using GalaxyActors.Core.Hdf5;

namespace GalaxyActors.Core.Pipeline;

/// <summary>Finds a job's ground-truth labels, if any: in a separate file given with --labels, or in the input itself.</summary>
public static class LabelSource
{
    /// <summary>Labels from <paramref name="labelsPath"/>'s <paramref name="dataset"/>, first <paramref name="count"/> of them.</summary>
    public static int[] ReadFromFile(string labelsPath, string dataset, int count)
    {
        var values = Hdf5Datasets.ReadInts(labelsPath, dataset);
        if (values.Dimensions.Length != 1)
            throw new InvalidInputException($"{labelsPath}: labels dataset '{dataset}' has rank {values.Dimensions.Length}, expected a 1-D array.");
        if (values.Values.Length < count)
            throw new InvalidInputException($"{labelsPath}: labels dataset '{dataset}' has {values.Values.Length} entries for {count} images.");
        return values.Values.AsSpan(0, count).ToArray();
    }
}
