namespace GalaxyActors.Core.Hdf5;

/// <summary>
/// Where a feature store's vectors came from, kept as attributes on the file's root group so a later
/// job (or a person with h5dump) can tell which input, model and preprocessing made them.
/// </summary>
public sealed record FeatureStoreAttributes(string InputPath, string ImagesDataset, string ModelName, int FeatureDimension, string Preprocessing)
{
    internal const string InputPathKey = "input_path";
    internal const string ImagesDatasetKey = "images_dataset";
    internal const string ModelNameKey = "model_name";
    internal const string FeatureDimensionKey = "feature_dimension";
    internal const string PreprocessingKey = "preprocessing";

    internal Dictionary<string, object> ToHdf5() => new()
    {
        [InputPathKey] = InputPath,
        [ImagesDatasetKey] = ImagesDataset,
        [ModelNameKey] = ModelName,
        [FeatureDimensionKey] = FeatureDimension,
        [PreprocessingKey] = Preprocessing,
    };
}
