using GalaxyActors.Core.Embedding;

namespace GalaxyActors.Core.Jobs;

/// <summary>
/// One job as a user asks for it — the one options model of the project. The command line reads into it
/// (<c>JobOptionSet</c>), the wire carries it (a protobuf schema in Messages that tolerates added fields), and
/// every runner takes it: <see cref="Pipeline.LocalJob"/> in one process, the cluster's job runner across nodes.
/// Defaults are written once, on the option records; the checks once, in <see cref="JobRequestRules"/>.
/// </summary>
public sealed record JobRequest
{
    /// <summary>What the job reads: images or a feature store, datasets, labels.</summary>
    public required JobInput Input { get; init; }

    /// <summary>How images become features (ignored by a job that starts from a feature store).</summary>
    public EmbeddingRequest Embedding { get; init; } = new();

    /// <summary>The analysis knobs.</summary>
    public AnalysisOptions Analysis { get; init; } = new();

    /// <summary>The results folder (--out).</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Every problem that makes this request unusable, each naming its command-line option; empty when valid.</summary>
    public IReadOnlyList<string> Problems() => JobRequestRules.Problems(this);

    /// <summary>Throws <see cref="InvalidInputException"/> with the first problem (<see cref="Problems"/>).</summary>
    public void Validate() => JobRequestRules.Validate(this);

    /// <summary>The embedder this job's images need (an images job only).</summary>
    public EmbedderOptions ToEmbedderOptions() =>
        Embedding.ToEmbedderOptions(Input.ImagesPath ?? throw new InvalidOperationException("A feature-store job embeds nothing."), Input.ImagesDataset);
}
