namespace GalaxyActors.Seed.Tests;

/// <summary>
/// Bad input gets one clear line naming the problem and a non-zero exit, never a stack trace.
/// </summary>
public class BadInputTests
{
    private static void AssertOneLineError(GalaxyProcess.Result result, params string[] mentions)
    {
        Assert.NotEqual(0, result.ExitCode);
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line on stderr, got:\n{result.Error}");
        Assert.DoesNotContain("   at ", result.Error);
        foreach (var mention in mentions) Assert.Contains(mention, lines[0]);
    }

    [Fact]
    public void Embed_of_a_missing_file_names_the_file()
    {
        using var temp = new TempFolder();
        var missing = temp.File("nowhere.h5");
        AssertOneLineError(GalaxyProcess.Run("embed", "--input", missing, "--out", temp.File("f.h5")), missing);
    }

    [Fact]
    public void Embed_of_a_text_file_says_it_is_not_hdf5()
    {
        using var temp = new TempFolder();
        var text = temp.File("notes.h5");
        File.WriteAllText(text, "these are not galaxies\n");
        AssertOneLineError(GalaxyProcess.Run("embed", "--input", text, "--out", temp.File("f.h5")), text, "HDF5");
    }

    [Fact]
    public void Embed_with_a_missing_images_dataset_names_the_dataset()
    {
        using var temp = new TempFolder();
        var sample = temp.File("sample.h5");
        Assert.Equal(0, GalaxyProcess.Run("make-sample", "--out", sample, "--count", "4").ExitCode);
        AssertOneLineError(GalaxyProcess.Run("embed", "--input", sample, "--out", temp.File("f.h5"), "--images-dataset", "pictures"), "pictures");
    }

    [Fact]
    public void Embed_with_a_model_that_is_not_onnx_names_the_model()
    {
        using var temp = new TempFolder();
        var sample = temp.File("sample.h5");
        Assert.Equal(0, GalaxyProcess.Run("make-sample", "--out", sample, "--count", "4").ExitCode);
        var model = temp.File("model.onnx");
        File.WriteAllText(model, "not a model");
        AssertOneLineError(GalaxyProcess.Run("embed", "--input", sample, "--out", temp.File("f.h5"), "--model", model), model);
    }

    [Fact]
    public void Embed_on_cuda_in_the_cpu_build_says_it_needs_the_gpu_build()
    {
        using var temp = new TempFolder();
        var sample = temp.File("sample.h5");
        Assert.Equal(0, GalaxyProcess.Run("make-sample", "--out", sample, "--count", "4").ExitCode);
        AssertOneLineError(GalaxyProcess.Run("embed", "--input", sample, "--out", temp.File("f.h5"), "--execution-provider", "cuda"),
            "--execution-provider cuda needs the GPU build", "-p:GalaxyGpu=true");
    }

    [Fact]
    public void Make_sample_with_zero_images_is_refused()
    {
        using var temp = new TempFolder();
        AssertOneLineError(GalaxyProcess.Run("make-sample", "--out", temp.File("s.h5"), "--count", "0"), "--count");
    }
}
