using GalaxyActors.Core.Hdf5;
using GalaxyActors.Core.Jobs;
using GalaxyActors.Core.Labels;

namespace GalaxyActors.Core.Tests.Labels;

public class LabelledFeatureStoreTests
{
    [Fact]
    public void A_feature_store_keeps_the_labels_their_names_and_their_unlabelled_values_for_the_next_job()
    {
        var folder = Directory.CreateTempSubdirectory("galaxy-labels-");
        try
        {
            var path = Path.Combine(folder.FullName, "features.h5");
            var labels = new LabelSet([0, 1, 2, -1], "coarse", "/data/real.h5", ["elliptical", "spiral", "edge-on disk"], "file attribute 'coarse_names'", [-1]);
            using (var writer = FeatureStoreWriter.Create(path, 4, 2, new FeatureStoreAttributes("/data/real.h5", "images", "m", 2, "p"), labels))
            {
                writer.WriteRows(0, new float[8]);
                writer.Complete();
            }

            // A later job on the store reads them by the store's default name, names and "no class" values included.
            var again = JobLabels.Read(new JobInput { FeaturesPath = path }, 4, 4)!;
            Assert.Equal(labels.Values, again.Values);
            Assert.Equal("spiral", again.Name(1));
            Assert.Equal("file attribute 'coarse_names'", again.NamesFrom);
            Assert.Equal([-1], again.Unlabelled);
            Assert.Equal(1, again.UnlabelledRows);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
