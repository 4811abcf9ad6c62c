namespace GalaxyActors.Core.Graph;

/// <summary>How a job's kNN graph was found: the method used, and for an approximate graph its recall@k on <see cref="KnnMethods.RecallSample"/> rows.</summary>
public sealed record KnnGraphInfo(KnnMethod Method, double? Recall);
