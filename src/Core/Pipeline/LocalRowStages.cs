using GalaxyActors.Core.Clustering;
using GalaxyActors.Core.Graph;
using GalaxyActors.Core.Linalg;

namespace GalaxyActors.Core.Pipeline;

/// <summary>The row-local stages in this process, over features in memory, in slices of <paramref name="sliceRows"/> rows.</summary>
public sealed class LocalRowStages(RowMatrix features, int sliceRows = Pca.DefaultSliceRows) : IRowStages
{
    public int Rows => features.Rows;
    public int Dimensions => features.Columns;

    public PcaStatistics PcaStatistics() => Pca.ComputeStatistics(features, sliceRows);

    public RowMatrix Project(PcaModel model) => model.Project(features);

    public IKMeansPass KMeansPass(RowMatrix reduced) => new LocalKMeansPass(reduced, sliceRows);

    public KnnResult Neighbours(RowMatrix reduced, int k) => ExactKnn.Search(reduced, k);
}
