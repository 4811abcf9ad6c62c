namespace GalaxyActors.Core.Reporting;

/// <summary>
/// Where things sit in a cluster montage: a title band, then one row per cluster (a label column,
/// then up to <see cref="Columns"/> enlarged galaxies). Height = HeaderHeight + Rows × RowHeight.
/// </summary>
public sealed record MontageLayout(int Rows, int Columns, int TileSize, int Gap, int LabelWidth, int HeaderHeight)
{
    public int RowHeight => TileSize + 2 * Gap;
    public int Width => LabelWidth + Columns * (TileSize + Gap) + Gap;
    public int Height => HeaderHeight + Rows * RowHeight;

    public int RowTop(int row) => HeaderHeight + row * RowHeight;
    public int TileLeft(int column) => LabelWidth + Gap + column * (TileSize + Gap);
}
