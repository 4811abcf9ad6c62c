using GalaxyActors.Core.Imaging;

namespace GalaxyActors.Core.Embedding;

/// <summary>
/// What we learned about an ONNX image model while preparing it: where images go in, where features
/// come out, and whether a classifier head was cut off to reach the pooled features.
/// </summary>
/// <param name="Name">File name of the model.</param>
/// <param name="InputName">The image input.</param>
/// <param name="Layout">NCHW or NHWC.</param>
/// <param name="Height">Input height the model takes (224 when the model leaves it dynamic).</param>
/// <param name="Width">Input width the model takes (224 when the model leaves it dynamic).</param>
/// <param name="Channels">Input channels (3).</param>
/// <param name="OutputName">The output used as features (the global-pool output when a head was cut).</param>
/// <param name="FeatureDimension">Values per image at that output; 0 when the graph does not say (the embedder then measures it).</param>
/// <param name="HeadCut">True when a classifier head (Gemm/MatMul, optional Add and Softmax) was removed.</param>
public sealed record ModelDescription(
    string Name,
    string InputName,
    TensorLayout Layout,
    int Height,
    int Width,
    int Channels,
    string OutputName,
    int FeatureDimension,
    bool HeadCut);
