using GalaxyActors.Core.Embedding.Quantization;
using GalaxyActors.Core.Imaging;
using Microsoft.ML.OnnxRuntime;

namespace GalaxyActors.Core.Embedding;

/// <summary>
/// Image → feature vector through one ONNX Runtime session (STYLE.md: one InferenceSession per process).
/// Images are resized and normalised by an <see cref="ImagePreprocessor"/> straight into a pinned input
/// buffer, inferred a batch at a time into a pinned output buffer (both wrapped once as OrtValues), and
/// the rows copied out. Preprocessing runs on the calling thread between inferences: at 10–100 µs per image
/// (by input size) against 2–18 ms of inference it costs a few % at most, so overlapping it would only
/// contend for the cores. <see cref="EmbedderOptions.InputSize"/> resizes the model (<see cref="ModelInputResizer"/>)
/// and the pixel transform with it; <see cref="EmbedderOptions.CenterCrop"/> crops each image before the resize, in
/// every path (plain, TTA, int8 calibration).
/// Calls are serialised by a lock (the buffers are shared), so one thread at a time makes progress;
/// parallelism comes from the intra-op threads, not from concurrent calls.
/// </summary>
public sealed class ImageEmbedder : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly PixelNormalization _normalization;
    private readonly long[] _outputShapeTail;
    private readonly Dictionary<(int, int, int, CropWindow), ImagePreprocessor> _preprocessors = [];
    private readonly Dictionary<int, (OrtValue Input, OrtValue Output)> _values = [];
    private readonly object _gate = new();
    private float[] _input = [];
    private float[] _output = [];
    private float[] _scratch = [];
    private readonly string _calibrationDescription;
    private bool _disposed;

    private ImageEmbedder(InferenceSession session, ModelDescription model, PixelNormalization normalization, long[] outputShapeTail,
        EmbedderOptions options, Int8Model? int8)
    {
        Int8 = int8;
        ExecutionProvider = options.ExecutionProvider;
        _calibrationDescription = int8 is null ? "" : $"; int8 QDQ (per-channel int8 weights, uint8 activations; ranges: {options.Calibration.Description}, {int8.CalibrationImageCount} used)";
        _session = session;
        _normalization = normalization;
        _outputShapeTail = outputShapeTail;
        Model = model;
        Tta = options.Tta;
        CenterCrop = options.CenterCrop;
        IntraOpThreads = options.IntraOpThreads;
        BatchSize = options.BatchSize;
    }

    /// <summary>Where the bundled ResNet18 lies: next to this assembly, as the NuGet package's build props copy it.</summary>
    public static string BundledModelPath => Path.Combine(ModelsDirectory, "ResNet18Onnx", "ResNet18.onnx");

    /// <summary>The bundled ResNet18's preprocessing model.</summary>
    public static string BundledPreprocessModelPath => Path.Combine(ModelsDirectory, "ResNetPrepOnnx", "ResNetPreprocess.onnx");

    private static string ModelsDirectory =>
        Path.Combine(Path.GetDirectoryName(typeof(ImageEmbedder).Assembly.Location) ?? AppContext.BaseDirectory, "DnnImageModels");

    public ModelDescription Model { get; }

    public int FeatureDimension => Model.FeatureDimension;

    public int BatchSize { get; private set; }

    public int IntraOpThreads { get; }

    public TtaMode Tta { get; }

    /// <summary>Fraction of each image side kept by the centre crop before the resize (1 = none); see <see cref="Imaging.CenterCrop"/>.</summary>
    public double CenterCrop { get; }

    /// <summary>The int8 model's cache entry, or null when the model runs in fp32.</summary>
    public Int8Model? Int8 { get; }

    public ExecutionProviderKind ExecutionProvider { get; }

    /// <summary>Human-readable account of model and pixel preprocessing, stored as an attribute with the features.</summary>
    public string PreprocessingDescription =>
        $"model {Model.Name} ({Model.Layout}, {Model.Height}x{Model.Width}x{Model.Channels}, output {Model.OutputName}, D={FeatureDimension}{(Model.HeadCut ? ", classifier head cut" : "")}); "
        + Imaging.CenterCrop.Description(CenterCrop) + "; "
        + _normalization.Description
        + (Tta == TtaMode.Dihedral ? "; TTA: mean of the features of the 8 dihedral transforms of the source image" : "")
        + _calibrationDescription
        + (ExecutionProvider == ExecutionProviderKind.Cuda ? "; CUDA execution provider" : "");

    /// <summary>Prepares the model (see <see cref="OnnxModelPreparer"/>), opens the session and measures the output size.</summary>
    public static ImageEmbedder Create(EmbedderOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.IntraOpThreads, 1);
        Imaging.CenterCrop.Validate(options.CenterCrop);
        var bundled = options.ModelPath is null;
        var path = options.ModelPath ?? BundledModelPath;
        if (bundled && !File.Exists(path))
            throw new InvalidInputException($"Bundled model {path} is missing: the Microsoft.ML.DnnImageFeaturizer.ResNet18 package copies it to the build output.");
        if (options.InputSize is { } inputSize)
            ModelInputResizer.EnsureSupported(inputSize);
        var prepared = OnnxModelPreparer.Prepare(path, options.InputSize);
        var isBundledModel = bundled || Path.GetFullPath(path) == Path.GetFullPath(BundledModelPath);
        var preprocessModel = options.PreprocessModelPath ?? (isBundledModel ? BundledPreprocessModelPath : null);
        var normalization = preprocessModel is not null
            ? PixelNormalization.FromResNetPreprocessModel(preprocessModel)
            : PixelNormalization.ImageNetStandard(prepared.Description.Height, prepared.Description.Width);
        if (options.InputSize is not null) // the pixel transform follows the model to its new size
            normalization = normalization.ResizedTo(prepared.Description.Height, prepared.Description.Width);
        if (normalization.Height != prepared.Description.Height || normalization.Width != prepared.Description.Width)
            throw new InvalidInputException($"Preprocessing makes {normalization.Height}x{normalization.Width} images but model {path} takes {prepared.Description.Height}x{prepared.Description.Width}.");

        using var sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = options.IntraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        ExecutionProviders.Configure(sessionOptions, options);
        var (modelBytes, int8) = options.Precision == EmbeddingPrecision.Int8
            ? Int8ModelFor(prepared, normalization, options)
            : (prepared.Bytes, null);
        InferenceSession session;
        try
        {
            session = new InferenceSession(modelBytes, sessionOptions);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidInputException($"Model file {path} cannot be loaded by ONNX Runtime: {e.Message}", e);
        }

        try
        {
            var tail = MeasureOutputShapeTail(session, prepared.Description);
            var dimension = (int)tail.Aggregate(1L, (a, b) => a * b);
            var model = prepared.Description with { FeatureDimension = dimension };
            var embedder = new ImageEmbedder(session, model, normalization, tail, options, int8);
            embedder.SetBatchSize(options.BatchSize);
            return embedder;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    private static (byte[] Bytes, Int8Model? Source) Int8ModelFor(PreparedModel prepared, PixelNormalization normalization, EmbedderOptions options)
    {
        if (options.CalibrationImages is null)
            throw new InvalidInputException("--precision int8 needs images to calibrate on: it applies to jobs that embed an --input image file.");
        var (bytes, source) = Int8Quantization.Build(prepared, normalization, options.CalibrationImages, options.Calibration,
            options.ModelCacheDirectory, options.IntraOpThreads, options.CenterCrop);
        return (bytes, source);
    }

    /// <summary>
    /// Features of every image of <paramref name="images"/> into <paramref name="features"/> (Count×D, row-major).
    /// </summary>
    public void Embed(ImageBatch images, Span<float> features)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (features.Length < (long)images.Count * FeatureDimension)
            throw new ArgumentException($"Feature span holds {features.Length} values, fewer than {images.Count}×{FeatureDimension}.", nameof(features));
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (Tta == TtaMode.Dihedral)
                EmbedDihedral(images, features);
            else
                EmbedPlain(images, features);
        }
    }

    private void EmbedPlain(ImageBatch images, Span<float> features)
    {
        var preprocessor = PreprocessorFor(images.Height, images.Width, images.Channels, CropOf(images.Height, images.Width));
        var perImage = preprocessor.ValuesPerImage;
        for (var first = 0; first < images.Count; first += BatchSize)
        {
            var count = Math.Min(BatchSize, images.Count - first);
            preprocessor.Process(images, first, count, _input.AsSpan(0, count * perImage));
            RunModel(count);
            _output.AsSpan(0, count * FeatureDimension).CopyTo(features.Slice(first * FeatureDimension, count * FeatureDimension));
        }
    }

    // The transforms act on the source image, before the crop and resize: that works for any source and model
    // shape (a 90° turn of a non-square input is a different size), and for square images the half-pixel
    // bilinear resize commutes with them, so it equals transforming the model input. Each transformed image is
    // then preprocessed as any image is, centre crop included, so the set of 8 views is the same for a rotated
    // or mirrored source and the mean features are exactly invariant to it. When the crop's margins are odd
    // (69 px at 0.5: 18 px cut above, 17 below) the crop sits half a pixel off centre and the 8 views are not
    // the same pixels turned, but their set still is. The source is also ~10× smaller than the 224² input.
    private void EmbedDihedral(ImageBatch images, Span<float> features)
    {
        int height = images.Height, width = images.Width, channels = images.Channels, dimension = FeatureDimension;
        var sum = new double[BatchSize * dimension];
        for (var first = 0; first < images.Count; first += BatchSize)
        {
            var count = Math.Min(BatchSize, images.Count - first);
            Array.Clear(sum);
            for (var t = 0; t < DihedralTransform.Count; t++)
            {
                var (h, w) = DihedralTransform.OutputSize(t, height, width);
                var preprocessor = PreprocessorFor(h, w, channels, CropOf(h, w));
                var perImage = preprocessor.ValuesPerImage;
                for (var i = 0; i < count; i++)
                {
                    DihedralTransform.Apply(t, images.Image(first + i), height, width, channels, _scratch);
                    preprocessor.Process(_scratch, _input.AsSpan(i * perImage, perImage));
                }
                RunModel(count);
                for (var k = 0; k < count * dimension; k++)
                    sum[k] += _output[k];
            }
            var target = features.Slice(first * dimension, count * dimension);
            for (var k = 0; k < target.Length; k++)
                target[k] = (float)(sum[k] / DihedralTransform.Count);
        }
    }

    /// <summary>
    /// The first half of <see cref="Embed"/> on its own: crops, resizes and normalises images
    /// <paramref name="first"/>…<paramref name="first"/>+<paramref name="count"/>−1 (at most <see cref="BatchSize"/>)
    /// into the model's input, without running the model. With <see cref="Infer"/>, lets a caller time the two apart.
    /// </summary>
    public void Preprocess(ImageBatch images, int first, int count)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, BatchSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(first + count, images.Count, nameof(count));
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            PreprocessorFor(images.Height, images.Width, images.Channels, CropOf(images.Height, images.Width)).Process(images, first, count, _input);
        }
    }

    /// <summary>
    /// The second half of <see cref="Embed"/> on its own: runs the model on the first <paramref name="count"/> images
    /// (at most <see cref="BatchSize"/>) of the input that <see cref="Preprocess"/> last wrote, and keeps the features.
    /// </summary>
    public void Infer(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, BatchSize);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            RunModel(count);
        }
    }

    // Runs the model on the first count images already in the input buffer (the caller holds _gate).
    private void RunModel(int count)
    {
        if (!_values.TryGetValue(count, out var values))
        {
            var perImage = Model.Height * Model.Width * Model.Channels;
            long[] inputShape = Model.Layout == TensorLayout.Nchw
                ? [count, Model.Channels, Model.Height, Model.Width]
                : [count, Model.Height, Model.Width, Model.Channels];
            var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _input.AsMemory(0, count * perImage), inputShape);
            var output = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _output.AsMemory(0, count * FeatureDimension), [count, .. _outputShapeTail]);
            values = (input, output);
            _values[count] = values;
        }
        _session.Run(_runOptions, [Model.InputName], [values.Input], [Model.OutputName], [values.Output]);
    }

    /// <summary>Changes the images per inference on the same session (reallocates the pinned input and output buffers).</summary>
    public void SetBatchSize(int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        lock (_gate)
        {
            DisposeValues();
            BatchSize = batchSize;
            _input = GC.AllocateArray<float>(batchSize * Model.Height * Model.Width * Model.Channels, pinned: true);
            _output = GC.AllocateArray<float>(batchSize * FeatureDimension, pinned: true);
        }
    }

    // Where the embedder first sees the image size: a crop leaving fewer than 8 px a side fails here, naming --center-crop.
    private CropWindow CropOf(int height, int width) => Imaging.CenterCrop.Window(height, width, CenterCrop);

    private ImagePreprocessor PreprocessorFor(int height, int width, int channels, CropWindow crop)
    {
        if (!_preprocessors.TryGetValue((height, width, channels, crop), out var preprocessor))
        {
            preprocessor = new ImagePreprocessor(height, width, channels, _normalization, Model.Layout, crop);
            _preprocessors[(height, width, channels, crop)] = preprocessor;
            if (_scratch.Length < height * width * channels)
                _scratch = new float[height * width * channels];
        }
        return preprocessor;
    }

    private static long[] MeasureOutputShapeTail(InferenceSession session, ModelDescription model)
    {
        // Run one blank image: the only shape information every model gives reliably.
        long[] inputShape = model.Layout == TensorLayout.Nchw
            ? [1, model.Channels, model.Height, model.Width]
            : [1, model.Height, model.Width, model.Channels];
        using var input = OrtValue.CreateTensorValueFromMemory(new float[model.Height * model.Width * model.Channels], inputShape);
        using var results = session.Run(new RunOptions(), [model.InputName], [input], [model.OutputName]);
        var shape = results[0].GetTensorTypeAndShape().Shape;
        if (shape.Length < 1 || shape[0] != 1)
            throw new InvalidInputException($"Model {model.Name}: output {model.OutputName} has shape [{string.Join(",", shape)}], not [batch, ...].");
        return shape[1..];
    }

    private void DisposeValues()
    {
        foreach (var (input, output) in _values.Values)
        {
            input.Dispose();
            output.Dispose();
        }
        _values.Clear();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
                return;
            _disposed = true;
            DisposeValues();
            _runOptions.Dispose();
            _session.Dispose();
        }
    }
}
