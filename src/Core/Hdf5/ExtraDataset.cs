namespace GalaxyActors.Core.Hdf5;

/// <summary>
/// One extra dataset for the results file: a slash-separated path ("pca/components"; groups are
/// created as needed), row-major values (float[], double[] or int[]) and their dimensions.
/// </summary>
public sealed record ExtraDataset
{
    public ExtraDataset(string path, Array data, params int[] dimensions)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(dimensions);
        if (data is not (float[] or double[] or int[]))
            throw new ArgumentException($"Dataset '{path}': values must be float[], double[] or int[], not {data.GetType().Name}.", nameof(data));
        if (dimensions.Length == 0)
            throw new ArgumentException($"Dataset '{path}': give at least one dimension.", nameof(dimensions));
        long product = 1;
        foreach (var d in dimensions)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(d, nameof(dimensions));
            product *= d;
        }
        if (product != data.Length)
            throw new ArgumentException($"Dataset '{path}': {data.Length} values do not fill dimensions [{string.Join(",", dimensions)}].", nameof(data));
        Path = path;
        Data = data;
        Dimensions = dimensions;
    }

    public string Path { get; }
    public Array Data { get; }
    public int[] Dimensions { get; }

    public static ExtraDataset Of(string path, float[] data, params int[] dimensions) => new(path, data, dimensions);
    public static ExtraDataset Of(string path, double[] data, params int[] dimensions) => new(path, data, dimensions);
    public static ExtraDataset Of(string path, int[] data, params int[] dimensions) => new(path, data, dimensions);
}
