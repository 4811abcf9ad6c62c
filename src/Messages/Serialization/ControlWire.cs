using GalaxyActors.Core.Embedding;
using GalaxyActors.Core.Jobs;
using GalaxyActors.Core.Linalg;
using GalaxyActors.Core.Reporting;
using GalaxyActors.Messages.Protos;
using GalaxyActors.Messages.Slices;

namespace GalaxyActors.Messages.Serialization;

/// <summary>
/// Maps the compute library's options model (<see cref="JobRequest"/> and its records) to the protobuf schema of
/// Protos/control.proto and back — the one place that knows both. A field the sender left out (an older node that
/// did not have it) reads as the options model's default: the defaults stay written once, on the records.
/// </summary>
internal static class ControlWire
{
    private static readonly JobInput InputDefaults = new();
    private static readonly EmbeddingRequest EmbeddingDefaults = new();
    private static readonly AnalysisOptions AnalysisDefaults = new();

    public static JobRequestProto ToProto(JobRequest request)
    {
        var proto = new JobRequestProto
        {
            Input = ToProto(request.Input),
            Embedding = ToProto(request.Embedding),
            Analysis = ToProto(request.Analysis),
            OutputDirectory = request.OutputDirectory,
        };
        return proto;
    }

    public static JobRequest FromProto(JobRequestProto proto) => new()
    {
        Input = proto.Input is null ? InputDefaults : FromProto(proto.Input),
        Embedding = proto.Embedding is null ? EmbeddingDefaults : FromProto(proto.Embedding),
        Analysis = proto.Analysis is null ? AnalysisDefaults : FromProto(proto.Analysis),
        OutputDirectory = proto.HasOutputDirectory ? proto.OutputDirectory : "",
    };

    private static JobInputProto ToProto(JobInput input)
    {
        var proto = new JobInputProto { ImagesDataset = input.ImagesDataset, FeaturesDataset = input.FeaturesDataset };
        if (input.ImagesPath is { } images) proto.ImagesPath = images;
        if (input.FeaturesPath is { } features) proto.FeaturesPath = features;
        if (input.Limit is { } limit) proto.Limit = limit;
        if (input.Labels.Path is { } labelsPath) proto.LabelsPath = labelsPath;
        if (input.Labels.Dataset is { } labelsDataset) proto.LabelsDataset = labelsDataset;
        proto.Unlabelled.AddRange(input.Labels.Unlabelled);
        return proto;
    }

    private static JobInput FromProto(JobInputProto proto) => new()
    {
        ImagesPath = proto.HasImagesPath ? proto.ImagesPath : null,
        FeaturesPath = proto.HasFeaturesPath ? proto.FeaturesPath : null,
        ImagesDataset = proto.HasImagesDataset ? proto.ImagesDataset : InputDefaults.ImagesDataset,
        FeaturesDataset = proto.HasFeaturesDataset ? proto.FeaturesDataset : InputDefaults.FeaturesDataset,
        Limit = proto.HasLimit ? proto.Limit : null,
        Labels = new LabelRequest
        {
            Path = proto.HasLabelsPath ? proto.LabelsPath : null,
            Dataset = proto.HasLabelsDataset ? proto.LabelsDataset : null,
            Unlabelled = [.. proto.Unlabelled],
        },
    };

    public static EmbeddingProto ToProto(EmbeddingRequest embedding)
    {
        var proto = new EmbeddingProto
        {
            Tta = (int)embedding.Tta,
            Precision = (int)embedding.Precision,
            ExecutionProvider = (int)embedding.ExecutionProvider,
            CenterCrop = embedding.CenterCrop,
        };
        if (embedding.ModelPath is { } model) proto.ModelPath = model;
        if (embedding.InputSize is { } size) proto.InputSize = size;
        return proto;
    }

    public static EmbeddingRequest FromProto(EmbeddingProto proto) => new()
    {
        ModelPath = proto.HasModelPath ? proto.ModelPath : null,
        Tta = proto.HasTta ? (TtaMode)proto.Tta : EmbeddingDefaults.Tta,
        InputSize = proto.HasInputSize ? proto.InputSize : null,
        Precision = proto.HasPrecision ? (EmbeddingPrecision)proto.Precision : EmbeddingDefaults.Precision,
        ExecutionProvider = proto.HasExecutionProvider ? (ExecutionProviderKind)proto.ExecutionProvider : EmbeddingDefaults.ExecutionProvider,
        CenterCrop = proto.HasCenterCrop ? proto.CenterCrop : EmbeddingDefaults.CenterCrop,
    };

    private static AnalysisProto ToProto(AnalysisOptions analysis)
    {
        var proto = new AnalysisProto
        {
            Variance = analysis.Variance,
            KMax = analysis.KMax,
            NInit = analysis.NInit,
            Neighbors = analysis.Neighbors,
            Eigenvalues = analysis.Eigenvalues,
            Seed = analysis.Seed,
            SliceSize = analysis.SliceSize,
            FeatureNorm = (int)analysis.FeatureNorm,
            Map = (int)analysis.Map,
            Knn = (int)analysis.Knn,
        };
        if (analysis.K is { } k) proto.K = k;
        return proto;
    }

    private static AnalysisOptions FromProto(AnalysisProto proto) => new()
    {
        Variance = proto.HasVariance ? proto.Variance : AnalysisDefaults.Variance,
        K = proto.HasK ? proto.K : null,
        KMax = proto.HasKMax ? proto.KMax : AnalysisDefaults.KMax,
        NInit = proto.HasNInit ? proto.NInit : AnalysisDefaults.NInit,
        Neighbors = proto.HasNeighbors ? proto.Neighbors : AnalysisDefaults.Neighbors,
        Eigenvalues = proto.HasEigenvalues ? proto.Eigenvalues : AnalysisDefaults.Eigenvalues,
        Seed = proto.HasSeed ? proto.Seed : AnalysisDefaults.Seed,
        SliceSize = proto.HasSliceSize ? proto.SliceSize : AnalysisDefaults.SliceSize,
        FeatureNorm = proto.HasFeatureNorm ? (FeatureNorm)proto.FeatureNorm : AnalysisDefaults.FeatureNorm,
        Map = proto.HasMap ? (MapMethod)proto.Map : AnalysisDefaults.Map,
        Knn = proto.HasKnn ? (Core.Graph.KnnMethod)proto.Knn : AnalysisDefaults.Knn,
    };

    public static SliceRefProto ToProto(SliceRef slice) =>
        new() { JobId = slice.JobId, SliceIndex = slice.SliceIndex, Start = slice.Start, Count = slice.Count };

    public static SliceRef FromProto(SliceRefProto? proto) =>
        proto is null ? throw new System.Runtime.Serialization.SerializationException("GalaxySerializer: a slice message without its slice.")
            : new SliceRef(proto.JobId, proto.SliceIndex, proto.Start, proto.Count);
}
