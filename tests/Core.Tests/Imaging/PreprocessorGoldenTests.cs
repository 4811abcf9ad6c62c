using System.Runtime.InteropServices;
using System.Security.Cryptography;
using GalaxyActors.Core.Embedding;
using GalaxyActors.Core.Hdf5;
using GalaxyActors.Core.Imaging;
using GalaxyActors.Core.Tests.Hdf5;

namespace GalaxyActors.Core.Tests.Imaging;

/// <summary>
/// Pins the preprocessor's exact output bytes (SHA-256 of the float32 tensor) for fixed inputs, so a change to the
/// preprocessing code that should not move any value (such as adding the centre crop with a fraction of 1) is seen to
/// move none. The hashes were recorded with the code as it stood before the centre crop was added (commit c4f8525);
/// the arithmetic is plain IEEE float32 (no fused multiply-adds, no estimates), so they do not depend on the vector width.
/// Inputs come from the shared fixture and from a seeded <see cref="Random"/>, never from the synthetic generator,
/// which is free to change.
/// </summary>
public class PreprocessorGoldenTests
{
    private static ImageBatch FixtureImages()
    {
        using var file = GalaxyImageFile.Open(Galaxy10Fixture.Path, "images", labelsDataset: null);
        return file.ReadImages(0, 4);
    }

    private static float[] RandomImage(int height, int width, int channels, int seed)
    {
        var random = new Random(seed);
        var image = new float[height * width * channels];
        for (var i = 0; i < image.Length; i++)
            image[i] = random.Next(256);
        return image;
    }

    private static string Hash(ImagePreprocessor preprocessor, ReadOnlySpan<float> images, int count)
    {
        var output = new float[count * preprocessor.ValuesPerImage];
        var perImage = preprocessor.SourceHeight * preprocessor.SourceWidth * preprocessor.SourceChannels;
        for (var i = 0; i < count; i++)
            preprocessor.Process(images.Slice(i * perImage, perImage), output.AsSpan(i * preprocessor.ValuesPerImage, preprocessor.ValuesPerImage));
        return Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(output.AsSpan())));
    }

    private static PixelNormalization ResNet(int size) =>
        PixelNormalization.FromResNetPreprocessModel(ImageEmbedder.BundledPreprocessModelPath).ResizedTo(size, size);

    public static TheoryData<string, string> Cases => new()
    {
        { "resnet-224-nchw", "7906b8e2ca2af5af6e2ddbc48cc46c6bd4273f9073c2402d08959b0bc2867b82" },
        { "resnet-96-nchw", "7ba5ddb7c3d8582fe7fad082ff3232982bc01277de14827a6af0c7c15c98dbe7" },
        { "resnet-69-nchw", "3f39bfb0ca7cea1cf5b2213b77b982e9bc3d681609f27f6fa54e2a379deb3558" },
        { "imagenet-224-nhwc", "08c5c3c2d2fd472a8e52fa3fc0d1be988d4f6fddd0741b5f2ba9ed1be76a4acf" },
        { "imagenet-50x40-nchw-from-random-30x37", "6a6f7e4e61fc444d76b16fe2bade9f0e2b9b860b6a460fdebdc2a9d02f63178b" },
        { "identity-224-grey-random-20x20", "ddc41bfbd80ce3b01d0ed22d6246424c2737e1ba5697ad5afbe056afb1481588" },
    };

    internal static string Output(string name, double? centerCrop = null)
    {
        var fixture = FixtureImages();
        ImagePreprocessor New(int height, int width, int channels, PixelNormalization normalization, TensorLayout layout) =>
            centerCrop is { } fraction
                ? new ImagePreprocessor(height, width, channels, normalization, layout, fraction)
                : new ImagePreprocessor(height, width, channels, normalization, layout);
        return name switch
        {
            "resnet-224-nchw" => Hash(New(69, 69, 3, ResNet(224), TensorLayout.Nchw), fixture.Pixels, 4),
            "resnet-96-nchw" => Hash(New(69, 69, 3, ResNet(96), TensorLayout.Nchw), fixture.Pixels, 4),
            "resnet-69-nchw" => Hash(New(69, 69, 3, ResNet(69), TensorLayout.Nchw), fixture.Pixels, 4),
            "imagenet-224-nhwc" => Hash(New(69, 69, 3, PixelNormalization.ImageNetStandard(224, 224), TensorLayout.Nhwc), fixture.Pixels, 2),
            "imagenet-50x40-nchw-from-random-30x37" => Hash(New(30, 37, 3, PixelNormalization.ImageNetStandard(50, 40), TensorLayout.Nchw), RandomImage(30, 37, 3, 17), 1),
            "identity-224-grey-random-20x20" => Hash(New(20, 20, 1, PixelNormalization.Identity(224, 224), TensorLayout.Nchw), RandomImage(20, 20, 1, 23), 1),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Output_bytes_are_those_recorded_before_the_centre_crop(string name, string expected)
    {
        Assert.Equal(expected, Output(name));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Centre_crop_of_1_gives_the_same_bytes(string name, string expected)
    {
        Assert.Equal(expected, Output(name, centerCrop: 1.0));
    }
}
