using GalaxyActors.Messages.Jobs;

namespace GalaxyActors.Messages.Slices;

/// <summary>
/// Embed the slice's images: read rows Slice.Start.. from <paramref name="ImagesDataset"/> in <paramref name="InputPath"/>,
/// run the model (default when <paramref name="ModelPath"/> is null) and keep the features. Replies with
/// <see cref="SliceEmbedded"/> chunks. Idempotent: a resend recomputes from the file.
/// </summary>
public sealed record EmbedSlice(SliceRef Slice, string InputPath, string ImagesDataset, string? ModelPath, TtaMode Tta) : ISliceMessage;

/// <summary>
/// Load the slice's rows from an existing feature store instead of embedding (a job started with --features).
/// Replies with <see cref="SliceEmbedded"/> chunks like <see cref="EmbedSlice"/>.
/// </summary>
public sealed record LoadSliceFeatures(SliceRef Slice, string FeaturesPath, string FeaturesDataset) : ISliceMessage;

/// <summary>
/// One chunk of a slice's features: <see cref="Rows"/> rows of <paramref name="FeatureDim"/> float32 starting at
/// slice-local row <paramref name="RowOffset"/>, row-major. Chunked by rows so one message stays under
/// <see cref="WireLimits.MaxPayloadBytes"/>; chunk <paramref name="ChunkIndex"/> of <paramref name="ChunkCount"/>.
/// </summary>
public sealed record SliceEmbedded(SliceRef Slice, int FeatureDim, int RowOffset, int ChunkIndex, int ChunkCount, float[] Features) : ISliceMessage
{
    public int Rows => FeatureDim == 0 ? 0 : Features.Length / FeatureDim;
}
