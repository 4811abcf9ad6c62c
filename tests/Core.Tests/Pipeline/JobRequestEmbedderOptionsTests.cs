using GalaxyActors.Core.Jobs;
using GalaxyActors.Core.Embedding;
using GalaxyActors.Core.Embedding.Quantization;

namespace GalaxyActors.Core.Tests.Pipeline;

public class JobRequestEmbedderOptionsTests
{
    [Fact]
    public void Int8_jobs_calibrate_on_their_own_input_file()
    {
        var request = new JobRequest
        {
            Input = new JobInput { ImagesPath = "/data/galaxy10.h5", ImagesDataset = "pictures" },
            OutputDirectory = "out",
            Embedding = new EmbeddingRequest { Precision = EmbeddingPrecision.Int8 },
        };
        var options = request.ToEmbedderOptions();
        Assert.Equal(CalibrationImages.FromFile("/data/galaxy10.h5", "pictures"), options.CalibrationImages);
    }

    [Fact]
    public void Fp32_options_of_different_files_are_equal_so_workers_share_one_session()
    {
        var one = new JobRequest { Input = new JobInput { ImagesPath = "/data/a.h5" }, OutputDirectory = "out" }.ToEmbedderOptions();
        var other = new JobRequest { Input = new JobInput { ImagesPath = "/data/b.h5" }, OutputDirectory = "out" }.ToEmbedderOptions();
        Assert.Null(one.CalibrationImages);
        Assert.Equal(one, other);
    }
}
