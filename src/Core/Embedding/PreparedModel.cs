namespace GalaxyActors.Core.Embedding;

/// <summary>An ONNX model ready for batched feature extraction: its serialized bytes and its description.</summary>
public sealed record PreparedModel(byte[] Bytes, ModelDescription Description);
