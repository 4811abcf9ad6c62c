using System.Collections.Concurrent;
using GalaxyActors.Core.Embedding;

namespace GalaxyActors.Hosting.Workers;

/// <summary>
/// The one <see cref="ImageEmbedder"/> (ONNX InferenceSession) per process and model that every slice entity of
/// every ActorSystem in the process shares (STYLE.md: one session per process). Created on first use, kept for the
/// process's life. The embedder serialises its own calls, so several in-process workers take turns on it while its
/// intra-op threads use the cores.
/// </summary>
public static class ProcessEmbedder
{
    private static readonly ConcurrentDictionary<(string? ModelPath, TtaMode Tta), Lazy<ImageEmbedder>> Embedders = new();

    /// <summary>The embedder for <paramref name="modelPath"/> (null: the bundled ResNet18) with <paramref name="tta"/>.</summary>
    /// <exception cref="Core.InvalidInputException">The model cannot be loaded (also on every later call for it).</exception>
    public static ImageEmbedder For(string? modelPath, Messages.Jobs.TtaMode tta)
    {
        var coreTta = tta == Messages.Jobs.TtaMode.Dihedral ? TtaMode.Dihedral : TtaMode.None;
        var lazy = Embedders.GetOrAdd((modelPath, coreTta), key =>
            new Lazy<ImageEmbedder>(() => ImageEmbedder.Create(new EmbedderOptions { ModelPath = key.ModelPath, Tta = key.Tta }),
                LazyThreadSafetyMode.ExecutionAndPublication));
        return lazy.Value;
    }
}
