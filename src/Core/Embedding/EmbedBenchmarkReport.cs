namespace GalaxyActors.Core.Embedding;

/// <summary>Throughput of one (intra-op threads, batch size) setting.</summary>
/// <param name="RawImagesPerSecond">Model inference alone, input already in place.</param>
/// <param name="EmbedImagesPerSecond">The whole <see cref="ImageEmbedder.Embed"/> path: preprocessing + inference + copy-out.</param>
public sealed record EmbedBenchmarkRow(int IntraOpThreads, int BatchSize, double RawImagesPerSecond, double EmbedImagesPerSecond)
{
    /// <summary>Embed throughput as a fraction of raw throughput (the goal is ≥ 0.9).</summary>
    public double Ratio => EmbedImagesPerSecond / RawImagesPerSecond;
}

/// <summary>Figures measured by <see cref="EmbedBenchmark.Run"/>; the caller prints them.</summary>
/// <param name="Model">Description of model and preprocessing.</param>
/// <param name="Images">Images timed per setting.</param>
/// <param name="SourceSize">Side of the square source images.</param>
/// <param name="PreprocessImagesPerSecond">Resize + normalise alone, one thread.</param>
/// <param name="Rows">One row per (threads, batch size).</param>
/// <param name="BestBatchSize">Batch size with the highest embed throughput at the largest thread count.</param>
public sealed record EmbedBenchmarkReport(
    string Model,
    int Images,
    int SourceSize,
    double PreprocessImagesPerSecond,
    IReadOnlyList<EmbedBenchmarkRow> Rows,
    int BestBatchSize)
{
    /// <summary>Microseconds to preprocess one image on one core.</summary>
    public double PreprocessMicrosecondsPerImage => 1e6 / PreprocessImagesPerSecond;
}
