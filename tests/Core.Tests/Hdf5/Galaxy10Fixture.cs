using System.Text.Json;

namespace GalaxyActors.Core.Tests.Hdf5;

/// <summary>The expected answers for galaxy10-layout-64.h5, read from its JSON (written by h5py/NumPy).</summary>
internal static class Galaxy10Fixture
{
    public const string FileName = "galaxy10-layout-64.h5";
    public const int Images = 64;
    public const int Side = 69;

    public static string Path => Fixtures.PathOf(FileName);

    private static readonly Lazy<JsonElement> Checks = new(() =>
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Fixtures.PathOf("galaxy10-layout-64.expected.json")));
        return doc.RootElement.GetProperty("checks").Clone();
    });

    public static long SumOfAllPixels => Checks.Value.GetProperty("sum_of_all_pixels").GetInt64();

    public static long[] PixelSumsOfFirstFive =>
        Checks.Value.GetProperty("pixel_sum_per_image_first_5").EnumerateArray().Select(e => e.GetInt64()).ToArray();

    public static int[] PixelAtImage10Row34Col34 =>
        Checks.Value.GetProperty("pixel_at_image10_row34_col34").EnumerateArray().Select(e => e.GetInt32()).ToArray();

    /// <summary>The three storage variants of the same pixels: chunked+gzip, contiguous, chunks of 5 with shuffle+gzip.</summary>
    public static TheoryData<string> ImageDatasets => new() { "images", "images_contiguous", "images_shuffle_gzip" };
}
