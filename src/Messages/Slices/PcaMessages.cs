using GalaxyActors.Core.Linalg;

namespace GalaxyActors.Messages.Slices;

/// <summary>
/// Asks for chunk <paramref name="ChunkIndex"/> of the slice's PCA statistics (row count, column sums, scatter matrix
/// Σxxᵀ, in double), computed once from the features it holds after normalising each row by <paramref name="Norm"/>.
/// Replies with that <see cref="PcaStatsPart"/> (whose ChunkCount says how many there are), or <see cref="SliceFeaturesMissing"/>.
/// </summary>
public sealed record ComputePcaStats(SliceRef Slice, int ChunkIndex, FeatureNorm Norm) : ISliceMessage;

/// <summary>
/// One chunk of a slice's PCA statistics over <paramref name="Rows"/> rows of dimension <paramref name="Dim"/>.
/// <paramref name="Sum"/> (length Dim) travels in chunk 0 only (empty elsewhere); <paramref name="Scatter"/> holds the
/// scatter matrix's upper-triangle rows from <paramref name="ScatterRowStart"/> on, each from its diagonal
/// (<see cref="PackedScatter"/>, whose chunk bounds the slice follows). Partial statistics merge by addition.
/// </summary>
public sealed record PcaStatsPart(SliceRef Slice, long Rows, int Dim, int ChunkIndex, int ChunkCount, double[] Sum, int ScatterRowStart, double[] Scatter) : ISliceMessage;

/// <summary>
/// Project the slice's features, each row normalised by <paramref name="Norm"/>, onto the principal components: Y = (X − mean) Cᵀ. Components (rows
/// [<paramref name="FirstComponent"/>, + Components.Length / Dim) of the <paramref name="ComponentCount"/>×Dim matrix,
/// float32 row-major) arrive in <paramref name="ChunkCount"/> chunks; <paramref name="Mean"/> (length Dim) in chunk 0
/// only. Every chunk is answered with <see cref="SliceProjected"/>: Components 0 while chunks are missing, the
/// component count once the slice has projected and holds its reduced rows.
/// </summary>
public sealed record ProjectSlice(SliceRef Slice, int Dim, int ComponentCount, int ChunkIndex, int ChunkCount, int FirstComponent, float[] Components, float[] Mean,
    FeatureNorm Norm) : ISliceMessage;

/// <summary>The slice holds its reduced points (<paramref name="Components"/> dimensions).</summary>
public sealed record SliceProjected(SliceRef Slice, int Components) : ISliceMessage;

/// <summary>
/// One chunk of the slice's reduced points (rows from slice-local <paramref name="RowOffset"/>, <paramref name="Dim"/>
/// float32 each), for the coordinator's feature store and the kNN blocks.
/// </summary>
public sealed record ReducedRows(SliceRef Slice, int Dim, int RowOffset, int ChunkIndex, int ChunkCount, float[] Points) : ISliceMessage;

/// <summary>Asks for chunk <paramref name="ChunkIndex"/> of the slice's reduced points, answered with <see cref="ReducedRows"/> (or <see cref="ReducedRowsMissing"/>).</summary>
public sealed record SendReducedRows(SliceRef Slice, int ChunkIndex = 0) : ISliceMessage;
