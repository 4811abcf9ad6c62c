namespace GalaxyActors.Core.Imaging;

/// <summary>How a model lays out one batch of images in its input tensor.</summary>
public enum TensorLayout
{
    /// <summary>[batch, channels, height, width]: one plane per channel (ResNet18 of ML.NET, the ONNX model zoo).</summary>
    Nchw,

    /// <summary>[batch, height, width, channels]: channels interleaved per pixel (TensorFlow exports).</summary>
    Nhwc,
}
