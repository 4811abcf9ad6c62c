using System.Collections.Concurrent;
using GalaxyActors.Core.Embedding;
using GalaxyActors.Messages.Slices;

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

    /// <summary>The library's options for the embedding a slice message carries: the job's own rule, written once.</summary>
    public static EmbedderOptions OptionsFor(EmbedSlice request) => request.Embedding.ToEmbedderOptions(request.ImagesPath, request.ImagesDataset);
}
