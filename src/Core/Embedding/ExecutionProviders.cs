using Microsoft.ML.OnnxRuntime;

namespace GalaxyActors.Core.Embedding;

/// <summary>
/// Puts the execution provider an <see cref="EmbedderOptions"/> asks for on a session. CUDA exists only in the GPU
/// build (<c>dotnet build -p:GalaxyGpu=true</c>, which links Microsoft.ML.OnnxRuntime.Gpu.Linux instead of the CPU
/// package); the CPU build's native library refuses it, and that refusal becomes one clear user error.
/// int8 is CPU-only: ONNX Runtime's CUDA provider has no fused int8 convolution for QDQ graphs (it would run the
/// DequantizeLinear nodes and then float kernels, slower than fp32), so the combination is refused rather than
/// silently run slower; on a GPU fp32 is the right precision.
/// </summary>
public static class ExecutionProviders
{
    /// <summary>The message start of the error the CPU build gives for CUDA.</summary>
    public const string CudaNeedsGpuBuild = "--execution-provider cuda needs the GPU build";

    /// <summary>Refuses option combinations no build can run (int8 on CUDA), before any model work.</summary>
    public static void Validate(EmbeddingPrecision precision, ExecutionProviderKind provider)
    {
        if (Problem(precision, provider) is { } problem)
            throw new InvalidInputException(problem);
    }

    /// <summary>Why no build can run <paramref name="precision"/> on <paramref name="provider"/>, or null.</summary>
    public static string? Problem(EmbeddingPrecision precision, ExecutionProviderKind provider) =>
        provider == ExecutionProviderKind.Cuda && precision == EmbeddingPrecision.Int8
            ? "--precision int8 runs on the CPU only (ONNX Runtime's CUDA provider has no fused int8 convolutions); use --precision fp32 with --execution-provider cuda."
            : null;

    private const string HowToGetCuda =
        "build with `dotnet build -c Release -p:GalaxyGpu=true` (Microsoft.ML.OnnxRuntime.Gpu.Linux) and run on a machine with an NVIDIA GPU whose library path has the CUDA 13 runtime (libcudart.so.13, libcublas.so.13) and cuDNN 9";

    /// <summary>True when the loaded native ONNX Runtime has the CUDA provider (the GPU build), whether or not a GPU is present.</summary>
    public static bool CudaCompiledIn => OrtEnv.Instance().GetAvailableProviders().Contains("CUDAExecutionProvider");

    public static void Configure(SessionOptions sessionOptions, EmbedderOptions options, int deviceId = 0)
    {
        Validate(options.Precision, options.ExecutionProvider);
        if (options.ExecutionProvider != ExecutionProviderKind.Cuda)
            return;
        if (!CudaCompiledIn)
            throw new InvalidInputException($"{CudaNeedsGpuBuild}: this build's ONNX Runtime has only {string.Join(", ", OrtEnv.Instance().GetAvailableProviders())}; " +
                $"{HowToGetCuda}.");
        try
        {
            // Fails here (not at Create) when the native CUDA provider cannot load its libraries: no driver, CUDA or cuDNN.
            sessionOptions.AppendExecutionProvider_CUDA(deviceId);
        }
        catch (Exception e) when (e is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
        {
            throw new InvalidInputException($"{CudaNeedsGpuBuild} on a CUDA machine: {HowToGetCuda} (ONNX Runtime said: {e.Message.Trim()})", e);
        }
    }
}
