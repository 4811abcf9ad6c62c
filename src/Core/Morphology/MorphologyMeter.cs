using System.Numerics.Tensors;
using GalaxyActors.Core.Imaging;

namespace GalaxyActors.Core.Morphology;

/// <summary>
/// Measures <see cref="MorphologyQuantities.All"/> for images of one size. Holds its scratch buffers, so one meter per
/// thread measures without allocating; rows of NaN where no galaxy is segmented.
/// </summary>
/// <remarks>
/// The statmorph recipe (Rodriguez-Gomez et al. 2019) cut down to a centred cutout: luminance = mean of the channels;
/// sky = sigma-clipped median of the border frame (<see cref="SkyBackground"/>), subtracted; segment = the connected
/// component at the centre (<see cref="GalaxySegmenter"/>); then moments (<see cref="ShapeMoments"/>), curve of growth
/// (<see cref="CurveOfGrowth"/>), Gini and M₂₀ (<see cref="GiniM20"/>), asymmetry (<see cref="RotationalAsymmetry"/>)
/// and colour (<see cref="ColourIndex"/>) of that segment. Deterministic: no randomness, a fixed order of sums.
/// </remarks>
public sealed class MorphologyMeter
{
    private readonly int _height, _width, _channels;
    private readonly float[] _luminance;
    private readonly float[] _skyScratch;
    private readonly double[] _skyPrefix;
    private readonly int[] _frame;
    private readonly float[] _fluxes;
    private readonly float[] _radiiSquared;
    private readonly GalaxySegmenter _segmenter;
    private readonly CurveOfGrowth _growth;
    private readonly RotationalAsymmetry _asymmetry;
    private readonly RadixSort _sort;

    public MorphologyMeter(int height, int width, int channels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 4);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 4);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        _height = height;
        _width = width;
        _channels = channels;
        var pixels = height * width;
        _luminance = new float[pixels];
        _frame = SkyBackground.FrameIndices(height, width);
        _skyScratch = new float[_frame.Length];
        _skyPrefix = new double[2 * (_frame.Length + 1)];
        _fluxes = new float[pixels];
        _radiiSquared = new float[pixels];
        _segmenter = new GalaxySegmenter(height, width);
        _growth = new CurveOfGrowth(height, width);
        _asymmetry = new RotationalAsymmetry(height, width);
        _sort = new RadixSort(Math.Max(pixels, _frame.Length));
    }

    public int Height => _height;
    public int Width => _width;
    public int Channels => _channels;

    /// <summary>One image, HWC on the 0..255 scale of <see cref="ImageBatch"/>; writes <see cref="MorphologyQuantities.Count"/> values.</summary>
    public void Measure(ReadOnlySpan<float> image, Span<float> row)
    {
        var pixels = _height * _width;
        if (image.Length != pixels * _channels)
            throw new ArgumentException($"Image holds {image.Length} values, expected {_height}×{_width}×{_channels}.", nameof(image));
        if (row.Length < MorphologyQuantities.Count)
            throw new ArgumentException($"Row holds {row.Length} values, fewer than {MorphologyQuantities.Count}.", nameof(row));
        row = row[..MorphologyQuantities.Count];
        row.Fill(float.NaN);

        var luminance = _luminance.AsSpan();
        Luminance(image, luminance);
        var sky = SkyBackground.Estimate(luminance, _frame, _skyScratch, _skyPrefix, _sort);
        TensorPrimitives.Subtract(luminance, sky.Median, luminance);

        var count = _segmenter.Run(luminance, sky.Sigma);
        if (count == 0)
            return;
        ReadOnlySpan<int> segment = _segmenter.Segment.AsSpan(0, count);
        ReadOnlySpan<int> xs = _segmenter.SegmentX.AsSpan(0, count);
        ReadOnlySpan<int> ys = _segmenter.SegmentY.AsSpan(0, count);
        var shape = ShapeMoments.Measure(luminance, segment, xs, ys);
        if (!shape.IsValid)
            return;
        row[MorphologyQuantities.AxisRatio.Index] = (float)shape.AxisRatio;
        row[MorphologyQuantities.PositionAngle.Index] = (float)shape.PositionAngle;

        var (r20, r50, r80) = _growth.Measure(luminance, segment, xs, ys, shape.X, shape.Y);
        row[MorphologyQuantities.HalfLightRadius.Index] = (float)r50;
        if (r20 > 0 && r80 > 0)
            row[MorphologyQuantities.Concentration.Index] = (float)(5 * Math.Log10(r80 / r20));

        var fluxes = _fluxes.AsSpan(0, count);
        var radiiSquared = _radiiSquared.AsSpan(0, count);
        for (var i = 0; i < count; i++)
        {
            var dx = xs[i] - shape.X;
            var dy = ys[i] - shape.Y;
            fluxes[i] = luminance[segment[i]];
            radiiSquared[i] = (float)(dx * dx + dy * dy);
        }
        _sort.Sort(fluxes, radiiSquared);
        row[MorphologyQuantities.Gini.Index] = (float)GiniM20.Gini(fluxes);
        row[MorphologyQuantities.M20.Index] = (float)GiniM20.M20(fluxes, radiiSquared);

        row[MorphologyQuantities.Asymmetry.Index] = (float)_asymmetry.Measure(luminance, _segmenter.Labels, segment,
            xs, ys, _frame, sky, shape.X, shape.Y);
        row[MorphologyQuantities.Colour.Index] = (float)ColourIndex.Measure(image, _channels, luminance, _frame, segment, sky.Sigma);
    }

    /// <summary>Every image of the batch, row-major Count × <see cref="MorphologyQuantities.Count"/> into <paramref name="rows"/>.</summary>
    public void Measure(ImageBatch batch, Span<float> rows)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Height != _height || batch.Width != _width || batch.Channels != _channels)
            throw new ArgumentException($"Batch images are {batch.Height}×{batch.Width}×{batch.Channels}, the meter's {_height}×{_width}×{_channels}.", nameof(batch));
        var columns = MorphologyQuantities.Count;
        if (rows.Length < (long)batch.Count * columns)
            throw new ArgumentException($"Rows hold {rows.Length} values, fewer than {batch.Count}×{columns}.", nameof(rows));
        for (var i = 0; i < batch.Count; i++)
            Measure(batch.Image(i), rows.Slice(i * columns, columns));
    }

    private void Luminance(ReadOnlySpan<float> image, Span<float> luminance)
    {
        var c = _channels;
        if (c == 1)
        {
            image.CopyTo(luminance);
            return;
        }
        if (c == 3)
        {
            for (var p = 0; p < luminance.Length; p++)
                luminance[p] = (image[3 * p] + image[3 * p + 1] + image[3 * p + 2]) * (1f / 3f);
            return;
        }
        var scale = 1f / c;
        for (var p = 0; p < luminance.Length; p++)
        {
            float sum = 0;
            for (var k = 0; k < c; k++)
                sum += image[p * c + k];
            luminance[p] = sum * scale;
        }
    }
}
