using GalaxyActors.Core;
using GalaxyActors.Core.Embedding;

namespace GalaxyActors.Seed.Cli;

/// <summary>Parses the embedding options' words (`--tta`, `--precision`, `--execution-provider`) into the library's enums.</summary>
public static class EmbeddingOptionValues
{
    public static TtaMode ParseTta(string text) => text.ToLowerInvariant() switch
    {
        "none" => TtaMode.None,
        "dihedral" => TtaMode.Dihedral,
        _ => throw new InvalidInputException($"--tta {text}: expected 'none' or 'dihedral'."),
    };

    public static EmbeddingPrecision ParsePrecision(string text) => text.ToLowerInvariant() switch
    {
        "fp32" => EmbeddingPrecision.Fp32,
        "int8" => EmbeddingPrecision.Int8,
        _ => throw new InvalidInputException($"--precision {text}: expected 'fp32' or 'int8'."),
    };

    /// <summary>The precision asked for, or the default for <paramref name="modelPath"/> (<see cref="EmbeddingDefaults"/>).</summary>
    public static EmbeddingPrecision ResolvePrecision(string? text, string? modelPath, ExecutionProviderKind provider) =>
        EmbeddingDefaults.PrecisionFor(text is null ? null : ParsePrecision(text), modelPath, provider);

    public static ExecutionProviderKind ParseExecutionProvider(string text) => text.ToLowerInvariant() switch
    {
        "cpu" => ExecutionProviderKind.Cpu,
        "cuda" => ExecutionProviderKind.Cuda,
        _ => throw new InvalidInputException($"--execution-provider {text}: expected 'cpu' or 'cuda'."),
    };
}
