using GalaxyActors.Core.Hdf5;

namespace GalaxyActors.Seed.Tests;

/// <summary>Feature stores for the process tests, made with the product's writer (the tests are about the cluster, not the file).</summary>
public static class BlobFeatureStore
{
    /// <summary>A feature store of <paramref name="rows"/> points in six Gaussian blobs in <paramref name="dimensions"/>-d.</summary>
    public static string Make(string path, int rows, int dimensions, int seed)
    {
        var random = new Random(seed);
        var centres = Enumerable.Range(0, 6).Select(_ => Enumerable.Range(0, dimensions).Select(_ => random.NextDouble() * 4).ToArray()).ToArray();
        var data = new float[rows * dimensions];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < dimensions; j++)
                data[i * dimensions + j] = (float)(centres[i % centres.Length][j] + NextGaussian(random));
        using var writer = FeatureStoreWriter.Create(path, rows, dimensions, new FeatureStoreAttributes("blobs", "images", "test", dimensions, "none"));
        writer.WriteRows(0, data);
        writer.Complete();
        return path;
    }

    private static double NextGaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
