using GalaxyActors.Core.Hdf5;
using GalaxyActors.Core.Imaging.Synthetic;

namespace GalaxyActors.Core.Pipeline;

/// <summary>`galaxy make-sample`: renders synthetic galaxies and writes them in the Galaxy10 layout.</summary>
public static class SampleFile
{
    public static void Make(string path, int count, int seed)
    {
        if (count < 1)
            throw new InvalidInputException($"--count {count}: a sample needs at least one image.");
        OutputPaths.EnsureParentDirectory(path);
        var sample = SyntheticGalaxies.Render(count, seed);
        GalaxyImageFileWriter.Write(path, sample.Pixels, sample.Count, sample.Size, sample.Size, sample.Labels);
    }
}
