using System.Diagnostics;
using GalaxyActors.Core.Imaging.Synthetic;

namespace GalaxyActors.Core.Morphology;

/// <summary>
/// Cost of <see cref="MorphologyMeter"/> on one core: renders <c>images</c> synthetic Galaxy10-like cutouts
/// (69×69×3, <see cref="SyntheticGalaxies"/>), measures them once to warm up, then times a single-threaded pass.
/// </summary>
public static class MorphologyBenchmark
{
    /// <summary>Microseconds per image of the timed pass (best of three passes, to ride out other load).</summary>
    public static double Run(int images, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(images, 1);
        var batch = SyntheticGalaxies.Render(images, seed).ToImageBatch();
        var meter = new MorphologyMeter(batch.Height, batch.Width, batch.Channels);
        var rows = new float[images * MorphologyQuantities.Count];
        meter.Measure(batch, rows);
        var best = double.PositiveInfinity;
        for (var pass = 0; pass < 3; pass++)
        {
            var clock = Stopwatch.StartNew();
            meter.Measure(batch, rows);
            best = Math.Min(best, clock.Elapsed.TotalMicroseconds / images);
        }
        return best;
    }
}
