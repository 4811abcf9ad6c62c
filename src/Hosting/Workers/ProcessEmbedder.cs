using System.Collections.Concurrent;
using GalaxyActors.Core.Embedding;
using GalaxyActors.Core.Embedding.Quantization;
using GalaxyActors.Messages.Slices;
using Wire = GalaxyActors.Messages.Jobs;

namespace GalaxyActors.Hosting.Workers;

/// <summary>
/// The one <see cref="ImageEmbedder"/> (ONNX InferenceSession) per process and embedding configuration that every
/// slice entity of every ActorSystem in the process shares (STYLE.md: one session per process). Created on first
/// use, kept for the process's life. The embedder serialises its own calls, so several in-process workers take
/// turns on it while its intra-op threads use the cores.
/// </summary>
public static class ProcessEmbedder
{
    private static readonly ConcurrentDictionary<EmbedderOptions, Lazy<ImageEmbedder>> Embedders = new();

    /// <summary>The embedder <paramref name="request"/> asks for.</summary>
    /// <exception cref="Core.InvalidInputException">The model cannot be loaded (also on every later call for it).</exception>
    public static ImageEmbedder For(EmbedSlice request)
    {
        var options = OptionsFor(request);
        var lazy = Embedders.GetOrAdd(options, key =>
            new Lazy<ImageEmbedder>(() => ImageEmbedder.Create(key), LazyThreadSafetyMode.ExecutionAndPublication));
        return lazy.Value;
    }

    /// <summary>The library's options for the embedding configuration a slice message carries.</summary>
    /// <remarks>
    /// int8 calibrates on an evenly spaced sample of the whole input file, not of the slice, so every worker builds
    /// the byte-identical model (and finds it in the cache when another process on the machine built it first).
    /// </remarks>
    public static EmbedderOptions OptionsFor(EmbedSlice request) => new()
    {
        ModelPath = request.ModelPath,
        Tta = request.Tta == Wire.TtaMode.Dihedral ? TtaMode.Dihedral : TtaMode.None,
        InputSize = request.InputSize,
        Precision = request.Precision == Wire.Precision.Int8 ? EmbeddingPrecision.Int8 : EmbeddingPrecision.Fp32,
        ExecutionProvider = request.ExecutionProvider == Wire.ExecutionProvider.Cuda ? ExecutionProviderKind.Cuda : ExecutionProviderKind.Cpu,
        CalibrationImages = request.Precision == Wire.Precision.Int8 ? CalibrationImages.FromFile(request.InputPath, request.ImagesDataset) : null,
    };
}
