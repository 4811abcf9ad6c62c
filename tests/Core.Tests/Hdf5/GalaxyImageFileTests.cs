using GalaxyActors.Core.Hdf5;

namespace GalaxyActors.Core.Tests.Hdf5;

public class GalaxyImageFileTests
{
    private static GalaxyImageFile OpenFixture(string dataset) => GalaxyImageFile.Open(Galaxy10Fixture.Path, dataset);

    [Theory]
    [MemberData(nameof(Galaxy10Fixture.ImageDatasets), MemberType = typeof(Galaxy10Fixture))]
    public void Opening_reports_the_shape_type_and_labels(string dataset)
    {
        using var file = OpenFixture(dataset);
        Assert.Equal(64, file.Count);
        Assert.Equal(69, file.Height);
        Assert.Equal(69, file.Width);
        Assert.Equal(3, file.Channels);
        Assert.Equal(PixelType.UInt8, file.PixelType);
        Assert.True(file.HasLabels);
        Assert.Equal(Galaxy10Fixture.Path, file.Path);
        Assert.Equal(dataset, file.ImagesDataset);
        Assert.Equal("ans", file.LabelsDataset);
    }

    [Theory]
    [MemberData(nameof(Galaxy10Fixture.ImageDatasets), MemberType = typeof(Galaxy10Fixture))]
    public void Whole_read_matches_fixture_sums_and_pixel(string dataset)
    {
        using var file = OpenFixture(dataset);
        var batch = file.ReadImages(0, file.Count);
        Assert.Equal(0, batch.Start);
        Assert.Equal(64, batch.Count);
        Assert.Equal(Galaxy10Fixture.SumOfAllPixels, SumAsLong(batch.Pixels.AsSpan(0, 64 * batch.ValuesPerImage)));
        var perImage = Galaxy10Fixture.PixelSumsOfFirstFive;
        for (var i = 0; i < perImage.Length; i++)
            Assert.Equal(perImage[i], SumAsLong(batch.Image(i)));
        Assert.Equal(Galaxy10Fixture.PixelAtImage10Row34Col34, PixelAt(batch.Image(10), 34, 34));
    }

    [Theory]
    [MemberData(nameof(Galaxy10Fixture.ImageDatasets), MemberType = typeof(Galaxy10Fixture))]
    public void Slices_crossing_chunk_boundaries_match_fixture(string dataset)
    {
        using var file = OpenFixture(dataset);
        var perImage = Galaxy10Fixture.PixelSumsOfFirstFive;

        // [3,14) crosses the 8-chunk boundary at 8 and the 5-chunk boundaries at 5 and 10.
        var a = file.ReadImages(3, 11);
        Assert.Equal(3, a.Start);
        Assert.Equal(perImage[3], SumAsLong(a.Image(0)));
        Assert.Equal(perImage[4], SumAsLong(a.Image(1)));
        Assert.Equal(Galaxy10Fixture.PixelAtImage10Row34Col34, PixelAt(a.Image(10 - 3), 34, 34));

        // [7,9) straddles the boundary at 8; [10,11) is the single image with the known pixel.
        var b = file.ReadImages(10, 1);
        Assert.Equal(Galaxy10Fixture.PixelAtImage10Row34Col34, PixelAt(b.Image(0), 34, 34));

        // Sums over [0,7) + [7,9) + [9,59) + [59,64) (the last ends in the partial 5-chunk) give the total.
        long total = 0;
        foreach (var (start, count) in new[] { (0, 7), (7, 2), (9, 50), (59, 5) })
            total += SumAsLong(file.ReadImages(start, count).Pixels.AsSpan(0, count * file.ValuesPerImage));
        Assert.Equal(Galaxy10Fixture.SumOfAllPixels, total);
    }

    [Theory]
    [MemberData(nameof(Galaxy10Fixture.ImageDatasets), MemberType = typeof(Galaxy10Fixture))]
    public void Every_slice_size_tiles_the_file_to_the_fixture_total(string dataset)
    {
        using var file = OpenFixture(dataset);
        var buffer = new byte[file.Count * file.ValuesPerImage];
        foreach (var size in new[] { 3, 5, 7, 8, 13, 64 })
        {
            long total = 0;
            for (var start = 0; start < file.Count; start += size)
            {
                var count = Math.Min(size, file.Count - start);
                var span = buffer.AsSpan(0, count * file.ValuesPerImage);
                file.ReadImageBytes(start, count, span);
                foreach (var value in span)
                    total += value;
            }
            Assert.True(Galaxy10Fixture.SumOfAllPixels == total, $"slices of {size}: total {total}");
        }
    }

    [Fact]
    public void Byte_and_float_reads_agree_pixel_for_pixel()
    {
        using var file = OpenFixture("images_shuffle_gzip");
        var bytes = new byte[6 * file.ValuesPerImage];
        file.ReadImageBytes(57, 6, bytes);
        var floats = file.ReadImages(57, 6).Pixels;
        for (var i = 0; i < bytes.Length; i++)
            Assert.Equal(bytes[i], floats[i]);
    }

    [Fact]
    public void Labels_are_sixteen_of_each_of_four_classes()
    {
        using var file = OpenFixture("images");
        var labels = file.ReadLabels();
        Assert.Equal(64, labels.Length);
        for (var c = 0; c < 4; c++)
            Assert.Equal(16, labels.Count(l => l == c));
        Assert.Equal(labels[20..30], file.ReadLabels(20, 10));
    }

    [Fact]
    public void Missing_labels_are_allowed_when_not_required()
    {
        using var file = GalaxyImageFile.Open(Galaxy10Fixture.Path, "images", "no_such_labels");
        Assert.False(file.HasLabels);
        Assert.Throws<InvalidOperationException>(() => file.ReadLabels());
        using var unlabelled = GalaxyImageFile.Open(Galaxy10Fixture.Path, "images", labelsDataset: null);
        Assert.False(unlabelled.HasLabels);
    }

    [Theory]
    [InlineData(-1, 1)]
    [InlineData(0, -1)]
    [InlineData(65, 0)]
    [InlineData(60, 5)]
    [InlineData(0, 65)]
    public void Out_of_range_slices_are_rejected(int start, int count)
    {
        using var file = OpenFixture("images");
        Assert.Throws<ArgumentOutOfRangeException>(() => file.ReadImages(start, count));
        Assert.Throws<ArgumentOutOfRangeException>(() => file.ReadLabels(start, count));
    }

    [Fact]
    public void Empty_slice_at_the_end_is_empty()
    {
        using var file = OpenFixture("images");
        Assert.Equal(0, file.ReadImages(64, 0).Count);
    }

    [Fact]
    public void Concurrent_reads_of_one_instance_give_the_same_sums()
    {
        using var file = OpenFixture("images");
        var sums = new long[8];
        Parallel.For(0, 8, i => sums[i] = SumAsLong(file.ReadImages(i * 8, 8).Pixels.AsSpan(0, 8 * file.ValuesPerImage)));
        Assert.Equal(Galaxy10Fixture.SumOfAllPixels, sums.Sum());
    }

    internal static long SumAsLong(ReadOnlySpan<float> values)
    {
        long sum = 0;
        foreach (var v in values)
            sum += (long)v;
        return sum;
    }

    internal static int[] PixelAt(ReadOnlySpan<float> image, int row, int column)
    {
        var at = (row * Galaxy10Fixture.Side + column) * 3;
        return [(int)image[at], (int)image[at + 1], (int)image[at + 2]];
    }
}
