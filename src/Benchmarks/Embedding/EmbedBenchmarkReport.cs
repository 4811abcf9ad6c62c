using GalaxyActors.Core.Embedding;

namespace GalaxyActors.Benchmarks;

/// <summary>Throughput of one (input size, intra-op threads, batch size) setting.</summary>
/// <param name="InputSize">Side of the model input in pixels.</param>
/// <param name="RawImagesPerSecond">Model inference alone, input already in place.</param>
/// <param name="EmbedImagesPerSecond">The whole <see cref="ImageEmbedder.Embed"/> path: preprocessing + inference + copy-out.</param>
public sealed record EmbedBenchmarkRow(int InputSize, int IntraOpThreads, int BatchSize, double RawImagesPerSecond, double EmbedImagesPerSecond)
{
    /// <summary>Embed throughput as a fraction of raw throughput (the goal is ≥ 0.9).</summary>
    public double Ratio => EmbedImagesPerSecond / RawImagesPerSecond;
}

/// <summary>Resize + normalise alone for one model input size, one thread.</summary>
public sealed record EmbedBenchmarkPreprocessing(int InputSize, double ImagesPerSecond)
{
    /// <summary>Microseconds to preprocess one image on one core.</summary>
    public double MicrosecondsPerImage => 1e6 / ImagesPerSecond;
}

/// <summary>Figures measured by <see cref="EmbedBenchmark.Run"/>; the caller prints them.</summary>
/// <param name="Model">Description of model and preprocessing (at the first input size).</param>
/// <param name="Images">Images timed per setting.</param>
/// <param name="SourceSize">Side of the square source images.</param>
/// <param name="Preprocessing">Preprocessing alone, one entry per input size.</param>
/// <param name="Rows">One row per (input size, threads, batch size).</param>
public sealed record EmbedBenchmarkReport(
    string Model,
    int Images,
    int SourceSize,
    IReadOnlyList<EmbedBenchmarkPreprocessing> Preprocessing,
    IReadOnlyList<EmbedBenchmarkRow> Rows)
{
    /// <summary>Input sizes timed, in the order asked.</summary>
    public IReadOnlyList<int> InputSizes => Preprocessing.Select(p => p.InputSize).ToList();

    /// <summary>Most intra-op threads timed.</summary>
    public int MaxThreads => Rows.Max(r => r.IntraOpThreads);

    /// <summary>The row with the highest embed throughput at <paramref name="inputSize"/> and the most threads.</summary>
    public EmbedBenchmarkRow Best(int inputSize) =>
        Rows.Where(r => r.InputSize == inputSize && r.IntraOpThreads == MaxThreads).MaxBy(r => r.EmbedImagesPerSecond)!;
}
