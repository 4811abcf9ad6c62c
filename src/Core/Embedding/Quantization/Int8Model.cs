namespace GalaxyActors.Core.Embedding.Quantization;

/// <summary>Where an embedder's int8 model came from.</summary>
/// <param name="CacheKey">SHA-256 (hex) of everything the model depends on (see <see cref="Int8Quantization.CacheKey"/>).</param>
/// <param name="CachePath">The cached model file.</param>
/// <param name="LoadedFromCache">True when the file was already there and no calibration ran.</param>
/// <param name="CalibrationImageCount">Images the ranges were calibrated on.</param>
public sealed record Int8Model(string CacheKey, string CachePath, bool LoadedFromCache, int CalibrationImageCount);
