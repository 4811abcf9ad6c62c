namespace GalaxyActors.Core.Embedding;

/// <summary>Which ONNX Runtime execution provider runs the model.</summary>
public enum ExecutionProviderKind
{
    /// <summary>ONNX Runtime's CPU kernels (always available).</summary>
    Cpu,

    /// <summary>NVIDIA CUDA, through the Microsoft.ML.OnnxRuntime.Gpu.Linux build (needs a GPU and the GPU build).</summary>
    Cuda,
}
