using GalaxyActors.Core.Imaging.Synthetic;
using PureHDF;

namespace GalaxyActors.Seed.Tests;

/// <summary>
/// A labelled file as a real survey gives one, not as make-sample writes it: the images under `images`, the labels
/// in a dataset of another name (`coarse`, int64: Galaxy10's classes folded into 3 coarse ones, every 7th image
/// 255 = unlabelled) with their names in a file attribute `coarse_names`, and no `ans` dataset at all.
/// </summary>
public static class RelabelledSample
{
    public static readonly string[] Names = ["face-on disk", "smooth", "edge-on disk"];

    public static void Make(string path, int count, int seed)
    {
        var sample = SyntheticGalaxies.Render(count, seed);
        var coarse = new long[count];
        for (var i = 0; i < count; i++)
            coarse[i] = i % 7 == 3 ? 255 : sample.Labels[i] switch { 1 or 2 or 3 => 1, 4 or 5 or 6 => 2, _ => 0 };
        var file = new H5File
        {
            ["images"] = new H5Dataset(sample.Pixels.ToArray(), fileDims: [(ulong)count, (ulong)sample.Size, (ulong)sample.Size, 3]),
            ["coarse"] = coarse,
        };
        file.Attributes["coarse_names"] = Names;
        file.Write(path);
    }
}
