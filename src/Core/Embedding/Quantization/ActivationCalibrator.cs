using System.Numerics.Tensors;
using GalaxyActors.Core.Imaging;
using Microsoft.ML.OnnxRuntime;
using Onnx;

namespace GalaxyActors.Core.Embedding.Quantization;

/// <summary>
/// Calibrates activation ranges: runs the float graph, with every tensor to quantize exposed as an extra graph
/// output, over the calibration sample (preprocessed by the same <see cref="ImagePreprocessor"/> the embedder
/// uses, with the embedder's normalisation and centre-crop window, so the ranges are those the model will see), and picks each tensor's range by the settings' method (see
/// <see cref="CalibrationSettings"/>). Two passes: the first finds each tensor's min and max, the second fills
/// a histogram over exactly that span, so the range search needs no stored activations and no re-binning.
/// </summary>
internal static class ActivationCalibrator
{
    public static Dictionary<string, ActivationRange> Calibrate(ModelProto floatModel, IReadOnlyList<string> tensors, ModelDescription description,
        PixelNormalization normalization, CropWindow crop, ImageBatch sample, CalibrationSettings settings, int intraOpThreads)
    {
        var model = floatModel.Clone();
        var outputs = model.Graph.Output.Select(o => o.Name).ToHashSet();
        foreach (var tensor in tensors.Where(t => t != description.InputName && !outputs.Contains(t)))
            model.Graph.Output.Add(new ValueInfoProto
            {
                Name = tensor,
                Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float } },
            });
        var fetched = tensors.Where(t => t != description.InputName).ToArray();

        using var sessionOptions = new SessionOptions { IntraOpNumThreads = intraOpThreads, InterOpNumThreads = 1, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        using var session = new InferenceSession(Google.Protobuf.MessageExtensions.ToByteArray(model), sessionOptions);
        var preprocessor = new ImagePreprocessor(sample.Height, sample.Width, sample.Channels, normalization, description.Layout, crop);
        var perImage = preprocessor.ValuesPerImage;
        var input = new float[settings.BatchSize * perImage];

        // Visits every tensor's values of every batch: the input from our own buffer, the rest from ORT's outputs.
        void ForEachBatch(Action<string, ReadOnlySpan<float>> visit)
        {
            for (var first = 0; first < sample.Count; first += settings.BatchSize)
            {
                var count = Math.Min(settings.BatchSize, sample.Count - first);
                var batch = input.AsSpan(0, count * perImage);
                preprocessor.Process(sample, first, count, batch);
                if (tensors.Contains(description.InputName))
                    visit(description.InputName, batch);
                long[] shape = description.Layout == TensorLayout.Nchw
                    ? [count, description.Channels, description.Height, description.Width]
                    : [count, description.Height, description.Width, description.Channels];
                using var value = OrtValue.CreateTensorValueFromMemory(input, shape);
                using var results = session.Run(new RunOptions(), [description.InputName], [value], fetched);
                for (var i = 0; i < fetched.Length; i++)
                    visit(fetched[i], results[i].GetTensorDataAsSpan<float>());
            }
        }

        var extremes = tensors.ToDictionary(t => t, _ => (Min: double.PositiveInfinity, Max: double.NegativeInfinity));
        ForEachBatch((name, values) =>
        {
            var (min, max) = extremes[name];
            extremes[name] = (Math.Min(min, TensorPrimitives.Min(values)), Math.Max(max, TensorPrimitives.Max(values)));
        });
        foreach (var (name, (min, max)) in extremes)
            if (!double.IsFinite(min) || !double.IsFinite(max))
                throw new InvalidInputException($"--precision int8: tensor {name} of model {description.Name} takes non-finite values on the calibration images.");
        if (settings.Method == CalibrationMethod.MinMax)
            return extremes.ToDictionary(e => e.Key, e => new ActivationRange(e.Value.Min, e.Value.Max));

        var histograms = extremes.ToDictionary(e => e.Key, e => new ActivationHistogram(e.Value.Min, e.Value.Max, settings.HistogramBins));
        ForEachBatch((name, values) => histograms[name].Add(values));
        return histograms.ToDictionary(h => h.Key, h => settings.Method == CalibrationMethod.Percentile
            ? h.Value.CentralRange(settings.Percentile)
            : h.Value.LeastSquaredErrorRange());
    }
}
