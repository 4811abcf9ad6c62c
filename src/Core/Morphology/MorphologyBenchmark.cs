using System.Diagnostics;
using GalaxyActors.Core.Imaging.Synthetic;

namespace GalaxyActors.Core.Morphology;

/// <summary>
/// Cost of <see cref="MorphologyMeter"/> on one core: renders <c>images</c> synthetic Galaxy10-like cutouts
/// (69×69×3, <see cref="SyntheticGalaxies"/>), measures them once to warm up, then times a single-threaded pass.
/// </summary>
public static class MorphologyBenchmark
{
    /// <summary>Images timed together; each chunk's best of <see cref="Passes"/> counts.</summary>
    public const int Chunk = 1;
    public const int Passes = 7;

    /// <summary>Microseconds per image on one thread: every chunk of <see cref="Chunk"/> images is timed in each of
    /// <see cref="Passes"/> passes and its fastest time kept, so time lost to other processes on a shared machine (a
    /// descheduled thread) drops out; the sum of those over the image count is returned.</summary>
    public static double Run(int images, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(images, 1);
        var batch = SyntheticGalaxies.Render(images, seed).ToImageBatch();
        var meter = new MorphologyMeter(batch.Height, batch.Width, batch.Channels);
        var columns = MorphologyQuantities.Count;
        var rows = new float[images * columns];
        meter.Measure(batch, rows); // warm-up: JIT tiers and caches
        var chunks = (images + Chunk - 1) / Chunk;
        var best = new double[chunks];
        Array.Fill(best, double.PositiveInfinity);
        for (var pass = 0; pass < Passes; pass++)
            for (var c = 0; c < chunks; c++)
            {
                var first = c * Chunk;
                var last = Math.Min(images, first + Chunk);
                var start = Stopwatch.GetTimestamp();
                for (var i = first; i < last; i++)
                    meter.Measure(batch.Image(i), rows.AsSpan(i * columns, columns));
                best[c] = Math.Min(best[c], Stopwatch.GetElapsedTime(start).TotalMicroseconds);
            }
        return best.Sum() / images;
    }
}
