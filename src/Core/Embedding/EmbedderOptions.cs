using GalaxyActors.Core.Embedding.Quantization;

namespace GalaxyActors.Core.Embedding;

/// <summary>How to build an <see cref="ImageEmbedder"/>.</summary>
public sealed record EmbedderOptions
{
    /// <summary>
    /// Default images per inference. Measured with the embedding benchmark (<c>galaxy bench embed</c>, 48 images, 1 and 2 threads,
    /// batches 1–32) on the shared 2-core development machine at load average 15–20: all batch sizes were
    /// within the noise of each other (11–14 img/s at 1 thread). 8 is kept because it gives ONNX Runtime's
    /// convolutions a batch to amortise per-call overhead over while the pinned input stays small (4.8 MB)
    /// and a slice's first features arrive soon. Re-measure on the target machine with <c>galaxy bench embed</c>.
    /// </summary>
    public const int DefaultBatchSize = 16;

    /// <summary>An ONNX image model; null = the bundled ML.NET ResNet18 with its ResNetPreprocess pixel transform.</summary>
    public string? ModelPath { get; init; }

    /// <summary>
    /// A ResNetPreprocess-style ONNX model (channel reorder + mean image) to take the pixel transform from.
    /// Null = ResNetPreprocess.onnx for the bundled ResNet18 (also when <see cref="ModelPath"/> names it),
    /// the ImageNet standard (x/255, per-channel mean/std) for any other model.
    /// </summary>
    public string? PreprocessModelPath { get; init; }

    /// <summary>ONNX Runtime intra-op threads for one inference.</summary>
    public int IntraOpThreads { get; init; } = 2;

    /// <summary>Images per inference call.</summary>
    public int BatchSize { get; init; } = DefaultBatchSize;

    /// <summary>Test-time augmentation.</summary>
    public TtaMode Tta { get; init; } = TtaMode.None;

    /// <summary>
    /// Centre crop before the resize: the fraction of each image side kept, in (0, 1]; 1 = no crop (the default until the
    /// CLI default is chosen by measurement). The window is torchvision's CenterCrop of round(F·side) px per axis (see
    /// <see cref="Imaging.CenterCrop"/>); the crop of a 69 px Galaxy10 cutout at 0.68 is the central 47 px. Applies to every
    /// path that preprocesses: plain, dihedral TTA and int8 calibration (whose cache key includes the crop).
    /// Validate at the edge with <see cref="Imaging.CenterCrop.Validate(double)"/> and, once the input's image size is known,
    /// <see cref="Imaging.CenterCrop.Validate(double, int, int)"/> (at least <see cref="Imaging.CenterCrop.MinimumSide"/> px a side);
    /// the embedder checks both again, the fraction in <see cref="ImageEmbedder.Create"/>, the size when it first sees an image.
    /// </summary>
    public double CenterCrop { get; init; } = Imaging.CenterCrop.None;

    /// <summary>Side of the square model input in pixels; null = the size the model was exported for (224 for ResNet18).</summary>
    public int? InputSize { get; init; }

    /// <summary>Numeric precision of the model.</summary>
    public EmbeddingPrecision Precision { get; init; } = EmbeddingPrecision.Fp32;

    /// <summary>ONNX Runtime execution provider.</summary>
    public ExecutionProviderKind ExecutionProvider { get; init; } = ExecutionProviderKind.Cpu;

    /// <summary>
    /// Images the int8 activation ranges are calibrated on (the job's own input file); required for
    /// <see cref="EmbeddingPrecision.Int8"/>, ignored for fp32 (leave it null then, so fp32 embedders of different
    /// files compare equal and share a session).
    /// </summary>
    public CalibrationImages? CalibrationImages { get; init; }

    /// <summary>How int8 ranges are calibrated.</summary>
    public CalibrationSettings Calibration { get; init; } = new();

    /// <summary>Folder of cached int8 models; null = <see cref="ModelCache.DefaultDirectory"/>.</summary>
    public string? ModelCacheDirectory { get; init; }

    /// <summary>Smallest input side accepted: ResNet-style models downsample by 32 before their global pool.</summary>
    public const int MinimumInputSize = 32;
}
