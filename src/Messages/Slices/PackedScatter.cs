namespace GalaxyActors.Messages.Slices;

/// <summary>
/// The wire form of a slice's scatter matrix in <see cref="PcaStatsPart"/>: <see cref="Core.Linalg.PcaStatistics"/> keeps
/// only the upper triangle (the lower is zero until the fit mirrors it), so only that travels, packed row after row
/// (row r's columns r..D−1) in chunks of whole rows of at most <see cref="WireLimits.MaxPayloadBytes"/>: half the
/// bytes of the full matrix (391 MB instead of 782 MB for a 200,000 × 512 job), and the unpacked matrix has the bits
/// the slice computed.
/// </summary>
public static class PackedScatter
{
    private const int ValuesPerChunk = WireLimits.MaxPayloadBytes / sizeof(double);

    /// <summary>The first row of each chunk of a <paramref name="dim"/>-row triangle, and the end (dim) last.</summary>
    public static int[] ChunkBounds(int dim)
    {
        var bounds = new List<int> { 0 };
        long used = 0;
        for (var row = 0; row < dim; row++)
        {
            var length = dim - row;
            if (used > 0 && used + length > ValuesPerChunk)
            {
                bounds.Add(row);
                used = 0;
            }
            used += length;
        }
        bounds.Add(dim);
        return [.. bounds];
    }

    /// <summary>Rows [<paramref name="firstRow"/>, <paramref name="endRow"/>) of the upper triangle of a row-major
    /// <paramref name="dim"/>×<paramref name="dim"/> matrix, each from its diagonal on.</summary>
    public static double[] Pack(ReadOnlySpan<double> scatter, int dim, int firstRow, int endRow)
    {
        var packed = new double[PackedLength(dim, firstRow, endRow)];
        var at = 0;
        for (var row = firstRow; row < endRow; row++)
        {
            scatter.Slice(row * dim + row, dim - row).CopyTo(packed.AsSpan(at));
            at += dim - row;
        }
        return packed;
    }

    /// <summary>Writes packed rows from <paramref name="firstRow"/> on into the upper triangle of
    /// <paramref name="scatter"/>; false when <paramref name="packed"/> is not a whole number of such rows (a node of
    /// another version).</summary>
    public static bool TryUnpack(ReadOnlySpan<double> packed, int dim, int firstRow, Span<double> scatter)
    {
        var at = 0;
        for (var row = firstRow; row < dim && at < packed.Length; row++)
        {
            var length = dim - row;
            if (at + length > packed.Length) return false;
            packed.Slice(at, length).CopyTo(scatter.Slice(row * dim + row, length));
            at += length;
        }
        return at == packed.Length && firstRow >= 0;
    }

    private static int PackedLength(int dim, int firstRow, int endRow)
    {
        var length = 0;
        for (var row = firstRow; row < endRow; row++) length += dim - row;
        return length;
    }
}
