using GalaxyActors.Core.Embedding;
using GalaxyActors.Core.Imaging;
using GalaxyActors.Core.Imaging.Synthetic;
using Microsoft.ML.OnnxRuntime;
using Xunit.Abstractions;

namespace GalaxyActors.Core.Tests.Embedding;

public class InputSizeTests(ITestOutputHelper output)
{
    /// <summary>
    /// The graph edits that let the bundled ResNet18 take any size must not change it at 224 px: the
    /// original model file, untouched, run by ONNX Runtime one image at a time, against the embedder
    /// with --input-size 224 (edited graph, batched), on the same preprocessed images.
    /// </summary>
    [Fact]
    public void Graph_edits_leave_224_px_features_equal_to_the_original_model_file()
    {
        const int count = 5;
        var images = SyntheticGalaxies.Render(count, 17).ToImageBatch();
        var normalization = PixelNormalization.FromResNetPreprocessModel(ImageEmbedder.BundledPreprocessModelPath);
        var preprocessor = new ImagePreprocessor(69, 69, 3, normalization, TensorLayout.Nchw);
        var expected = new float[count * 512];
        using (var session = new InferenceSession(ImageEmbedder.BundledModelPath))
        {
            var tensor = new float[preprocessor.ValuesPerImage];
            for (var i = 0; i < count; i++)
            {
                preprocessor.Process(images.Image(i), tensor);
                using var input = OrtValue.CreateTensorValueFromMemory(tensor, [1, 3, 224, 224]);
                using var results = session.Run(new RunOptions(), ["Input247"], [input], ["Pooling395_Output_0"]);
                results[0].GetTensorDataAsSpan<float>().CopyTo(expected.AsSpan(i * 512, 512));
            }
        }

        using var edited = ImageEmbedder.Create(new EmbedderOptions { InputSize = 224, BatchSize = 2 });
        var actual = new float[count * 512];
        edited.Embed(images, actual);

        var worst = 0.0;
        for (var i = 0; i < count; i++)
        {
            var row = expected.AsSpan(i * 512, 512);
            double largest = 0, difference = 0;
            for (var j = 0; j < 512; j++)
            {
                largest = Math.Max(largest, Math.Abs(row[j]));
                difference = Math.Max(difference, Math.Abs(row[j] - actual[i * 512 + j]));
            }
            worst = Math.Max(worst, difference / largest);
        }
        output.WriteLine($"max |original − edited| / max |original| over {count} images: {worst:E2}");
        Assert.True(worst <= 1e-5, $"relative difference {worst}");
    }

    /// <summary>The edits found by inspecting the exported graph (pads are [top, left, bottom, right]).</summary>
    [Fact]
    public void Resizer_edits_exactly_the_final_pool_and_the_asymmetrically_padded_strided_layers()
    {
        var prepared = OnnxModelPreparer.Prepare(ImageEmbedder.BundledModelPath, 72);
        string[] expected =
        [
            "Convolution249: Conv 7x7/2 pads [3,3,2,2] → [3,3,3,3]",
            "Pooling255: MaxPool 3x3/2 pads [1,1,0,0] → [1,1,1,1]",
            "Convolution285: Conv 3x3/2 pads [1,1,0,0] → [1,1,1,1]",
            "Convolution317: Conv 3x3/2 pads [1,1,0,0] → [1,1,1,1]",
            "Convolution349: Conv 3x3/2 pads [1,1,0,0] → [1,1,1,1]",
            "Pooling395: AveragePool 7x7 → GlobalAveragePool",
        ];
        Assert.Equal(expected, prepared.SizeEdits);
        Assert.Equal((72, 72), (prepared.Description.Height, prepared.Description.Width));
        Assert.Empty(OnnxModelPreparer.Prepare(ImageEmbedder.BundledModelPath).SizeEdits);
    }

    [Theory]
    [InlineData(32)]
    [InlineData(69)]
    [InlineData(72)]
    [InlineData(96)]
    [InlineData(112)]
    [InlineData(128)]
    [InlineData(224)]
    public void Every_supported_size_gives_512_features_per_image(int size)
    {
        var images = SyntheticGalaxies.Render(3, 5).ToImageBatch();
        using var embedder = ImageEmbedder.Create(new EmbedderOptions { InputSize = size, BatchSize = 2 }); // a batch of 2, then 1
        Assert.Equal(512, embedder.FeatureDimension);
        Assert.Equal((size, size), (embedder.Model.Height, embedder.Model.Width));
        var features = new float[3 * 512];
        embedder.Embed(images, features);
        // After a ReLU and an average pool: finite, non-negative, not all zero, and different per image.
        Assert.All(features, f => Assert.True(float.IsFinite(f) && f >= 0));
        for (var i = 0; i < 3; i++)
            Assert.Contains(features.AsSpan(i * 512, 512).ToArray(), f => f > 0);
        Assert.False(features.AsSpan(0, 512).SequenceEqual(features.AsSpan(512, 512)));
    }

    [Theory]
    [InlineData(31)]
    [InlineData(0)]
    [InlineData(-5)]
    public void Sizes_below_the_minimum_are_rejected(int size)
    {
        var error = Assert.Throws<InvalidInputException>(() => ImageEmbedder.Create(new EmbedderOptions { InputSize = size }));
        Assert.Contains("--input-size", error.Message);
        Assert.Contains(EmbedderOptions.MinimumInputSize.ToString(), error.Message);
    }
}

public class SpatialExtentsTests
{
    /// <summary>
    /// The unedited export at sizes worked by hand (pads [begin, end] = [3, 2] on the 7×7/2 conv, [1, 0] on
    /// the 3×3/2 pool and convs, none on the 1×1/2 shortcuts; n → ⌊(n + b + e − k)/2⌋ + 1):
    /// 69 → 34 → 17, then stage 2's 3×3/2 gives 8 but its shortcut 9, at Plus299;
    /// 72 → 36 → 18 → 9, then 4 against 5 at Plus331; 112 → 56 → 28 → 14 → 7, then 3 against 4 at Plus363.
    /// ONNX Runtime refuses the same graphs; the edited graph takes all three.
    /// </summary>
    [Theory]
    [InlineData(69, "Plus299", "8x8 and 9x9")]
    [InlineData(72, "Plus331", "4x4 and 5x5")]
    [InlineData(112, "Plus363", "3x3 and 4x4")]
    public void Unedited_export_fails_at_the_residual_add_worked_out_by_hand(int size, string node, string extents)
    {
        var model = Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(ImageEmbedder.BundledModelPath));
        var error = Assert.Throws<InvalidInputException>(() => SpatialExtents.Propagate(model.Graph, "Input247", size, size, "ResNet18.onnx"));
        Assert.Contains($"node {node} (Add)", error.Message);
        Assert.Contains(extents, error.Message);

        var dims = model.Graph.Input[0].Type.TensorType.Shape.Dim;
        dims[2].DimValue = size;
        dims[3].DimValue = size;
        model.Graph.ValueInfo.Clear();
        Assert.ThrowsAny<Microsoft.ML.OnnxRuntime.OnnxRuntimeException>(() =>
        {
            using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(Google.Protobuf.MessageExtensions.ToByteArray(model));
            using var input = Microsoft.ML.OnnxRuntime.OrtValue.CreateTensorValueFromMemory(new float[3 * size * size], [1, 3, size, size]);
            using var results = session.Run(new Microsoft.ML.OnnxRuntime.RunOptions(), ["Input247"], [input], ["Pooling395_Output_0"]);
        });

        var edited = Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(ImageEmbedder.BundledModelPath));
        ModelInputResizer.Resize(edited.Graph, "Input247", 224, 224, size, "ResNet18.onnx");
        var extentsAfter = SpatialExtents.Propagate(edited.Graph, "Input247", size, size, "ResNet18.onnx");
        Assert.Equal((1, 1), extentsAfter["Pooling395_Output_0"]);
    }
}
