using GalaxyActors.Core.Jobs;

namespace GalaxyActors.Messages.Slices;

/// <summary>
/// Embed the slice's images: read rows Slice.Start.. from <paramref name="ImagesDataset"/> in <paramref name="ImagesPath"/>,
/// run the job's embedding (<paramref name="Embedding"/>, the options model's own record) and keep the features.
/// Replies with <see cref="SliceEmbedded"/> chunks. Idempotent: a resend recomputes from the file.
/// </summary>
public sealed record EmbedSlice(SliceRef Slice, string ImagesPath, string ImagesDataset, EmbeddingRequest Embedding) : ISliceMessage;

/// <summary>
/// Load the slice's rows from a feature store and keep them: a job started with --features, or a slice re-created on
/// another node after its node was lost (the job's own features.h5 holds every row by then). Replies
/// <see cref="SliceFeaturesHeld"/>; the coordinator has the rows already, so they are not sent back.
/// </summary>
public sealed record LoadSliceFeatures(SliceRef Slice, string FeaturesPath, string FeaturesDataset) : ISliceMessage;

/// <summary>The slice holds its <paramref name="Dim"/>-dimensional feature rows.</summary>
public sealed record SliceFeaturesHeld(SliceRef Slice, int Dim) : ISliceMessage;

/// <summary>The slice holds no features (re-created after its node was lost): send <see cref="LoadSliceFeatures"/> first.</summary>
public sealed record SliceFeaturesMissing(SliceRef Slice) : ISliceMessage;

/// <summary>
/// One chunk of a slice's features: <see cref="Rows"/> rows of <paramref name="FeatureDim"/> float32 starting at
/// slice-local row <paramref name="RowOffset"/>, row-major. Chunked by rows so one message stays under
/// <see cref="WireLimits.MaxPayloadBytes"/>; chunk <paramref name="ChunkIndex"/> of <paramref name="ChunkCount"/>.
/// </summary>
public sealed record SliceEmbedded(SliceRef Slice, int FeatureDim, int RowOffset, int ChunkIndex, int ChunkCount, float[] Features) : ISliceMessage
{
    public int Rows => FeatureDim == 0 ? 0 : Features.Length / FeatureDim;
}

/// <summary>
/// The morphology of a slice's images (<c>GalaxyActors.Core.Morphology.MorphologyMeter</c>), measured on the pixels the
/// slice read to embed: <see cref="Rows"/> rows of <paramref name="Quantities"/> float32, row-major (NaN = not
/// measurable). Sent after <see cref="SliceEmbedderInfo"/> and before the feature chunks; 512 rows × 8 are 16 KiB.
/// </summary>
public sealed record SliceMorphology(SliceRef Slice, int Quantities, float[] Values) : ISliceMessage
{
    public int Rows => Quantities == 0 ? 0 : Values.Length / Quantities;
}

/// <summary>
/// Sent by a slice before its <see cref="SliceEmbedded"/> chunks: what made the features (model file name, feature
/// dimension, preprocessing description), so the coordinator can label the feature store without loading the model.
/// </summary>
public sealed record SliceEmbedderInfo(SliceRef Slice, string ModelName, int FeatureDim, string Preprocessing) : ISliceMessage;

/// <summary>
/// The slice could not do what it was asked for a reason a retry cannot fix (unreadable file, bad model): the
/// coordinator fails the job with <paramref name="Reason"/> instead of re-sending until it times out.
/// </summary>
public sealed record SliceFailed(SliceRef Slice, string Reason) : ISliceMessage;
