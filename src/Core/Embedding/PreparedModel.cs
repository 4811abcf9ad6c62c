namespace GalaxyActors.Core.Embedding;

/// <summary>An ONNX model ready for batched feature extraction: its serialized bytes and its description.</summary>
public sealed record PreparedModel(byte[] Bytes, ModelDescription Description)
{
    /// <summary>Graph edits made to take another input size (<see cref="ModelInputResizer"/>), one line per node; empty when none.</summary>
    public IReadOnlyList<string> SizeEdits { get; init; } = [];
}
