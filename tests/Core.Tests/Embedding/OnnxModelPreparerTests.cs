using GalaxyActors.Core.Imaging.Synthetic;
using GalaxyActors.Core.Embedding;
using GalaxyActors.Core.Imaging;
using Microsoft.ML.OnnxRuntime;

namespace GalaxyActors.Core.Tests.Embedding;

public class OnnxModelPreparerTests
{
    [Fact]
    public void Bundled_models_are_copied_next_to_the_test_binaries()
    {
        Assert.True(File.Exists(ImageEmbedder.BundledModelPath), ImageEmbedder.BundledModelPath);
        Assert.True(File.Exists(ImageEmbedder.BundledPreprocessModelPath), ImageEmbedder.BundledPreprocessModelPath);
    }

    [Fact]
    public void Bundled_ResNet18_is_an_NCHW_224_model_with_512_pooled_features_and_no_head()
    {
        var model = OnnxModelPreparer.Prepare(ImageEmbedder.BundledModelPath).Description;
        Assert.Equal(("Input247", TensorLayout.Nchw, 224, 224, 3), (model.InputName, model.Layout, model.Height, model.Width, model.Channels));
        Assert.Equal(512, model.FeatureDimension);
        Assert.False(model.HeadCut);
    }

    [Fact]
    public void Prepared_ResNet18_runs_a_batch_of_three()
    {
        var prepared = OnnxModelPreparer.Prepare(ImageEmbedder.BundledModelPath);
        using var session = new InferenceSession(prepared.Bytes);
        using var input = OrtValue.CreateTensorValueFromMemory(new float[3 * 3 * 224 * 224], [3, 3, 224, 224]);
        using var results = session.Run(new RunOptions(), [prepared.Description.InputName], [input], [prepared.Description.OutputName]);
        Assert.Equal(new long[] { 3, 512, 1, 1 }, results[0].GetTensorTypeAndShape().Shape);
    }

    [Fact]
    public void Classifier_head_is_cut_back_to_the_512_pooled_features()
    {
        var path = TestModels.ResNet18WithClassifierHead();
        // The built model really ends in a 1000-way classifier.
        using (var session = new InferenceSession(path))
            Assert.Equal(new[] { 1, 1000 }, session.OutputMetadata.Single().Value.Dimensions);

        var model = OnnxModelPreparer.Prepare(path).Description;
        Assert.True(model.HeadCut);
        Assert.Equal(512, model.FeatureDimension);
    }

    [Fact]
    public void Features_after_cutting_the_head_equal_the_plain_ResNet18_features()
    {
        var images = SyntheticGalaxies.Render(3, 5).ToImageBatch();
        using var plain = ImageEmbedder.Create(new EmbedderOptions { BatchSize = 2 });
        using var headed = ImageEmbedder.Create(new EmbedderOptions
        {
            ModelPath = TestModels.ResNet18WithClassifierHead(),
            PreprocessModelPath = ImageEmbedder.BundledPreprocessModelPath,
            BatchSize = 2,
        });
        Assert.Equal(512, headed.FeatureDimension);
        var expected = new float[3 * 512];
        var actual = new float[3 * 512];
        plain.Embed(images, expected);
        headed.Embed(images, actual);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5 * Math.Max(1, Math.Abs(expected[i])), $"feature {i}: {expected[i]} vs {actual[i]}");
    }

    [Fact]
    public void MatMul_plus_Add_head_behind_a_reshape_is_cut_too()
    {
        var model = OnnxModelPreparer.Prepare(TestModels.ResNet18WithHardcodedReshape(withHead: true)).Description;
        Assert.True(model.HeadCut);
        Assert.Equal(512, model.FeatureDimension);
    }

    [Fact]
    public void Reshape_that_hardcodes_batch_one_is_made_dynamic()
    {
        var path = TestModels.ResNet18WithHardcodedReshape(withHead: false);
        var prepared = OnnxModelPreparer.Prepare(path);
        Assert.False(prepared.Description.HeadCut);
        Assert.Equal(512, prepared.Description.FeatureDimension);
        using var session = new InferenceSession(prepared.Bytes);
        using var input = OrtValue.CreateTensorValueFromMemory(new float[3 * 3 * 224 * 224], [3, 3, 224, 224]);
        using var results = session.Run(new RunOptions(), [prepared.Description.InputName], [input], [prepared.Description.OutputName]);
        Assert.Equal(new long[] { 3, 512 }, results[0].GetTensorTypeAndShape().Shape);
    }

    [Fact]
    public void Missing_model_file_is_reported_by_name()
    {
        var path = TestModels.TempPath("no-such-model.onnx");
        var error = Assert.Throws<InvalidInputException>(() => OnnxModelPreparer.Prepare(path));
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void Text_file_is_not_an_onnx_model()
    {
        var path = TestModels.TempPath("notes.onnx");
        File.WriteAllText(path, "These are not the weights you are looking for.\nLine two.\n");
        var error = Assert.Throws<InvalidInputException>(() => OnnxModelPreparer.Prepare(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("not an ONNX model", error.Message);
    }

    [Fact]
    public void Empty_file_is_not_an_onnx_model()
    {
        var path = TestModels.TempPath("empty.onnx");
        File.WriteAllBytes(path, []);
        var error = Assert.Throws<InvalidInputException>(() => OnnxModelPreparer.Prepare(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("not an ONNX model", error.Message);
    }

    [Fact]
    public void Model_with_a_two_dimensional_input_has_no_image_input()
    {
        var path = TestModels.MatMulModel();
        // It is a valid model: ONNX Runtime loads it.
        using (new InferenceSession(path)) { }
        var error = Assert.Throws<InvalidInputException>(() => OnnxModelPreparer.Prepare(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("no image input", error.Message);
    }

    [Fact]
    public void Embedder_refuses_a_bad_model_with_the_same_clear_error()
    {
        var path = TestModels.TempPath("garbage.onnx");
        File.WriteAllBytes(path, [0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x42]);
        var error = Assert.Throws<InvalidInputException>(() => ImageEmbedder.Create(new EmbedderOptions { ModelPath = path }));
        Assert.Contains(path, error.Message);
    }
}
