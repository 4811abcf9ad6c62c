namespace GalaxyActors.Core.Hdf5;

/// <summary>A whole dataset's values, row-major, with its dimensions.</summary>
public sealed record DatasetValues<T>(T[] Values, int[] Dimensions);
