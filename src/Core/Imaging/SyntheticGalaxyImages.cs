namespace GalaxyActors.Core.Imaging;

/// <summary>
/// Seeded galaxy-like test images: a soft elliptical blob (random size, axis ratio, angle, colour)
/// with a little noise on a dark sky, HWC RGB 0..255. For benchmarks and tests that need realistic
/// pixels without an input file; the same seed always gives the same images.
/// </summary>
public static class SyntheticGalaxyImages
{
    public static ImageBatch Create(int count, int size, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        var random = new Random(seed);
        var pixels = new float[count * size * size * 3];
        for (var i = 0; i < count; i++)
        {
            var image = pixels.AsSpan(i * size * size * 3, size * size * 3);
            double cx = size * (0.4 + 0.2 * random.NextDouble()), cy = size * (0.4 + 0.2 * random.NextDouble());
            double major = size * (0.08 + 0.2 * random.NextDouble()), minor = major * (0.3 + 0.7 * random.NextDouble());
            double angle = Math.PI * random.NextDouble(), cos = Math.Cos(angle), sin = Math.Sin(angle);
            double[] colour = [150 + 100 * random.NextDouble(), 120 + 100 * random.NextDouble(), 90 + 100 * random.NextDouble()];
            for (var y = 0; y < size; y++)
            {
                for (var x = 0; x < size; x++)
                {
                    double dx = x - cx, dy = y - cy;
                    double u = (dx * cos + dy * sin) / major, v = (-dx * sin + dy * cos) / minor;
                    var brightness = Math.Exp(-(u * u + v * v));
                    for (var c = 0; c < 3; c++)
                    {
                        var value = 8 + colour[c] * brightness + 4 * random.NextDouble();
                        image[(y * size + x) * 3 + c] = (float)Math.Clamp(Math.Round(value), 0, 255);
                    }
                }
            }
        }
        return new ImageBatch(0, count, size, size, 3, pixels);
    }
}
