using GalaxyActors.Core.Embedding;
using GalaxyActors.Core.Embedding.Quantization;
using GalaxyActors.Core.Jobs;
using GalaxyActors.Hosting.Workers;
using GalaxyActors.Messages.Slices;

namespace GalaxyActors.Cluster.Tests;

public class ProcessEmbedderOptionsTests
{
    private static EmbedSlice Slice(int start, EmbeddingPrecision precision) =>
        new(new SliceRef("job", start / 512, start, 512), "/data/galaxy10.h5", "images", new EmbeddingRequest { Precision = precision });

    [Fact]
    public void Every_int8_slice_calibrates_on_the_whole_input_file_so_all_workers_build_the_same_model()
    {
        var first = ProcessEmbedder.OptionsFor(Slice(0, EmbeddingPrecision.Int8));
        var later = ProcessEmbedder.OptionsFor(Slice(4096, EmbeddingPrecision.Int8));
        Assert.Equal(EmbeddingPrecision.Int8, first.Precision);
        Assert.Equal(CalibrationImages.FromFile("/data/galaxy10.h5", "images"), first.CalibrationImages);
        Assert.Equal(first, later);
    }

    [Fact]
    public void Fp32_slices_carry_no_calibration_images()
    {
        Assert.Null(ProcessEmbedder.OptionsFor(Slice(0, EmbeddingPrecision.Fp32)).CalibrationImages);
    }
}
