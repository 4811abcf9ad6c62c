using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using GalaxyActors.Core.Imaging;
using Google.Protobuf;

namespace GalaxyActors.Core.Embedding.Quantization;

/// <summary>
/// Prepared fp32 model → int8 QDQ model, through the content-addressed <see cref="ModelCache"/>: the cache key
/// covers every input of the quantization, so a hit is the model a fresh build would make, and a worker that finds
/// it skips calibration entirely. Steps on a miss: <see cref="QuantizableGraph"/> (fold BN, opset 13),
/// <see cref="ActivationCalibrator"/> on the sample, <see cref="QdqQuantizer"/>.
/// </summary>
public static class Int8Quantization
{
    /// <summary>Bumped whenever the quantizer's output for the same inputs changes, so old cache entries are not reused.</summary>
    public const string QuantizerVersion = "galaxy-qdq-u8s8/1";

    /// <summary>The int8 model's bytes and where they came from.</summary>
    /// <param name="centerCrop">The embedder's centre crop (<see cref="EmbedderOptions.CenterCrop"/>): the calibration images are
    /// cropped as the embedder crops, and the crop window is part of the cache key.</param>
    public static (byte[] Bytes, Int8Model Source) Build(PreparedModel prepared, PixelNormalization normalization, CalibrationImages images,
        CalibrationSettings settings, string? cacheDirectory, int intraOpThreads, double centerCrop = CenterCrop.None)
    {
        settings.Validate();
        var sample = images.Sample(settings.SampleSize);
        var crop = CenterCrop.Window(sample.Height, sample.Width, centerCrop);
        var key = CacheKey(prepared.Bytes, normalization, sample, settings, crop);
        var name = Path.GetFileNameWithoutExtension(prepared.Description.Name);
        var path = Path.Combine(cacheDirectory ?? ModelCache.DefaultDirectory, $"{name}-int8-{key}.onnx");
        if (ModelCache.TryRead(path) is { } cached)
            return (cached, new Int8Model(key, path, LoadedFromCache: true, sample.Count));

        var floatModel = QuantizableGraph.Build(prepared.Bytes, prepared.Description.Name);
        var tensors = QdqQuantizer.TensorsToQuantize(floatModel.Graph);
        var ranges = ActivationCalibrator.Calibrate(floatModel, tensors, prepared.Description, normalization, crop, sample, settings, intraOpThreads);
        var bytes = QdqQuantizer.Quantize(floatModel, ranges).ToByteArray();
        ModelCache.Write(path, bytes);
        return (bytes, new Int8Model(key, path, LoadedFromCache: false, sample.Count));
    }

    /// <summary>
    /// SHA-256 over the quantizer version, the calibration settings, the prepared fp32 model's bytes (with any graph
    /// edits such as the input size), the pixel normalisation and output size, the crop window taken from each
    /// calibration image (null = the whole image), and the calibration images' pixels.
    /// Each part is length-prefixed so no two different inputs concatenate to the same stream.
    /// </summary>
    public static string CacheKey(byte[] preparedModel, PixelNormalization normalization, ImageBatch sample, CalibrationSettings settings,
        CropWindow? crop = null)
    {
        var window = crop ?? CropWindow.Whole(sample.Height, sample.Width);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Part(ReadOnlySpan<byte> bytes)
        {
            Span<byte> length = stackalloc byte[8];
            BitConverter.TryWriteBytes(length, (long)bytes.Length);
            hash.AppendData(length);
            hash.AppendData(bytes);
        }
        Part(Encoding.UTF8.GetBytes(QuantizerVersion));
        Part(Encoding.UTF8.GetBytes(settings.Description));
        Part(preparedModel);
        Part(MemoryMarshal.AsBytes<int>([normalization.Height, normalization.Width, .. normalization.SourceChannel]));
        Part(MemoryMarshal.AsBytes<float>([.. normalization.Scale]));
        Part(MemoryMarshal.AsBytes(normalization.Offset.Span));
        Part(MemoryMarshal.AsBytes<int>([window.Top, window.Left, window.Height, window.Width]));
        Part(MemoryMarshal.AsBytes<int>([sample.Count, sample.Height, sample.Width, sample.Channels]));
        Part(MemoryMarshal.AsBytes(sample.Pixels.AsSpan(0, sample.Count * sample.ValuesPerImage)));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
