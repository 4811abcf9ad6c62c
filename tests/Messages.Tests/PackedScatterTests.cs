using GalaxyActors.Core.Linalg;
using GalaxyActors.Messages.Slices;

namespace GalaxyActors.Messages.Tests;

public class PackedScatterTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(512)]
    [InlineData(2048)]
    public void Chunks_cover_every_row_once_and_stay_under_the_wire_limit(int dim)
    {
        var bounds = PackedScatter.ChunkBounds(dim);

        Assert.Equal(0, bounds[0]);
        Assert.Equal(dim, bounds[^1]);
        for (var c = 0; c + 1 < bounds.Length; c++)
        {
            Assert.True(bounds[c + 1] > bounds[c]);
            long values = 0;
            for (var row = bounds[c]; row < bounds[c + 1]; row++) values += dim - row;
            Assert.True(values * sizeof(double) <= WireLimits.MaxPayloadBytes || bounds[c + 1] == bounds[c] + 1);
        }
    }

    [Fact]
    public void A_slice_scatter_travels_as_half_the_bytes_and_unpacks_to_its_own_bits()
    {
        // The statistics keep the upper triangle only: the unpacked matrix must equal the slice's, lower zeros included.
        const int dim = 300;
        var random = new Random(4);
        var rows = new float[700 * dim];
        for (var i = 0; i < rows.Length; i++) rows[i] = (float)(random.NextDouble() - 0.5);
        var statistics = new PcaStatistics(dim);
        statistics.Add(rows, 700);

        var bounds = PackedScatter.ChunkBounds(dim);
        var unpacked = new double[dim * dim];
        long sent = 0;
        for (var c = 0; c + 1 < bounds.Length; c++)
        {
            var packed = PackedScatter.Pack(statistics.Scatter, dim, bounds[c], bounds[c + 1]);
            sent += packed.Length;
            Assert.True(PackedScatter.TryUnpack(packed, dim, bounds[c], unpacked));
        }

        Assert.Equal(statistics.Scatter, unpacked);
        Assert.Equal(dim * (dim + 1) / 2, sent);
    }

    [Fact]
    public void A_chunk_that_is_not_whole_triangle_rows_is_refused()
    {
        var unpacked = new double[16];
        Assert.False(PackedScatter.TryUnpack(new double[5], dim: 4, firstRow: 0, unpacked)); // row 0 has 4, row 1 has 3
        Assert.False(PackedScatter.TryUnpack(new double[16], dim: 4, firstRow: 0, unpacked)); // a full 4×4 matrix
        Assert.True(PackedScatter.TryUnpack(new double[7], dim: 4, firstRow: 0, unpacked));
    }
}
