using GalaxyActors.Core.Jobs;
using GalaxyActors.Core.Embedding;

namespace GalaxyActors.Core.Tests.Embedding;

public class ExecutionProvidersTests
{
    [Fact]
    public void Cuda_in_the_cpu_build_is_one_clear_user_error()
    {
        // The default (CPU) build links Microsoft.ML.OnnxRuntime, whose native library has no CUDA provider.
        // Under -p:GalaxyGpu=true the provider exists and this is what the GPU script measures instead.
        if (ExecutionProviders.CudaCompiledIn)
            return;
        var error = Assert.Throws<InvalidInputException>(() => ImageEmbedder.Create(new EmbedderOptions { ExecutionProvider = ExecutionProviderKind.Cuda }));
        Assert.StartsWith("--execution-provider cuda needs the GPU build", error.Message);
        Assert.Contains("-p:GalaxyGpu=true", error.Message);
    }

    [Fact]
    public void Int8_on_cuda_is_refused_before_any_model_work()
    {
        var request = new JobRequest
        {
            Input = new JobInput { ImagesPath = "images.h5" },
            OutputDirectory = "out",
            Embedding = new EmbeddingRequest { Precision = EmbeddingPrecision.Int8, ExecutionProvider = ExecutionProviderKind.Cuda },
        };
        var error = Assert.Throws<InvalidInputException>(request.Validate);
        Assert.Contains("--precision int8 runs on the CPU only", error.Message);
    }
}
