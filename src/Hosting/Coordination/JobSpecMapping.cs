using GalaxyActors.Core.Pipeline;
using GalaxyActors.Messages.Jobs;
using CorePrecision = GalaxyActors.Core.Embedding.EmbeddingPrecision;
using CoreProvider = GalaxyActors.Core.Embedding.ExecutionProviderKind;
using CoreTta = GalaxyActors.Core.Embedding.TtaMode;

namespace GalaxyActors.Hosting.Coordination;

/// <summary>
/// Converts between the compute library's <see cref="JobRequest"/> (what the CLI parses and <see cref="LocalJob"/>
/// runs) and the wire's <see cref="JobSpec"/>, so the job options have one source of truth and a job means the same
/// in one process and on the cluster. <c>ToRequest(FromRequest(r))</c> gives <c>r</c> back.
/// </summary>
public static class JobSpecMapping
{
    /// <summary>The message form of <paramref name="request"/>.</summary>
    public static JobSpec FromRequest(JobRequest request) => new(
        InputPath: request.InputPath,
        ImagesDataset: request.ImagesDataset,
        LabelsDataset: request.LabelsDataset,
        LabelsPath: request.LabelsPath,
        FeaturesPath: request.FeaturesPath,
        FeaturesDataset: request.FeaturesDataset,
        OutDir: request.OutputDirectory,
        ModelPath: request.ModelPath,
        Variance: request.Analysis.Variance,
        K: request.Analysis.K,
        KMax: request.Analysis.KMax,
        Neighbors: request.Analysis.Neighbors,
        Eigenvalues: request.Analysis.Eigenvalues,
        SliceSize: request.Analysis.SliceSize,
        Limit: request.Limit,
        Seed: request.Analysis.Seed,
        Tta: request.Tta == CoreTta.Dihedral ? TtaMode.Dihedral : TtaMode.None,
        NInit: request.Analysis.NInit,
        InputSize: request.InputSize,
        Precision: request.Precision == CorePrecision.Int8 ? Precision.Int8 : Precision.Fp32,
        ExecutionProvider: request.ExecutionProvider == CoreProvider.Cuda ? ExecutionProvider.Cuda : ExecutionProvider.Cpu);

    /// <summary>The compute library's form of <paramref name="spec"/> (not validated: call <see cref="JobRequest.Validate"/>).</summary>
    public static JobRequest ToRequest(JobSpec spec) => new()
    {
        InputPath = string.IsNullOrWhiteSpace(spec.InputPath) ? null : spec.InputPath,
        FeaturesPath = string.IsNullOrWhiteSpace(spec.FeaturesPath) ? null : spec.FeaturesPath,
        OutputDirectory = spec.OutDir,
        ImagesDataset = spec.ImagesDataset,
        LabelsDataset = spec.LabelsDataset,
        LabelsPath = spec.LabelsPath,
        FeaturesDataset = spec.FeaturesDataset,
        ModelPath = spec.ModelPath,
        Tta = spec.Tta == TtaMode.Dihedral ? CoreTta.Dihedral : CoreTta.None,
        Limit = spec.Limit,
        InputSize = spec.InputSize,
        Precision = spec.Precision == Precision.Int8 ? CorePrecision.Int8 : CorePrecision.Fp32,
        ExecutionProvider = spec.ExecutionProvider == ExecutionProvider.Cuda ? CoreProvider.Cuda : CoreProvider.Cpu,
        Analysis = new AnalysisOptions
        {
            Variance = spec.Variance,
            K = spec.K,
            KMax = spec.KMax,
            NInit = spec.NInit,
            Neighbors = spec.Neighbors,
            Eigenvalues = spec.Eigenvalues,
            Seed = spec.Seed,
            SliceSize = spec.SliceSize,
        },
    };
}
