using GalaxyActors.Core.Clustering;
using GalaxyActors.Core.Graph;
using GalaxyActors.Core.Linalg;

namespace GalaxyActors.Core.Pipeline;

/// <summary>
/// The row-local stages in this process, over features in memory, in slices of <see cref="SliceRows"/> rows. The
/// rows are normalised (<see cref="FeatureNorm"/>) once, before PCA: in place when the caller hands the matrix over
/// (<c>ownsFeatures</c>, as a job does with the rows it read), else in a copy, so a caller's matrix is
/// never changed behind its back.
/// </summary>
public sealed class LocalRowStages : IRowStages
{
    private readonly RowMatrix _features;

    public LocalRowStages(RowMatrix features, int sliceRows = Pca.DefaultSliceRows, FeatureNorm norm = FeatureNorm.None, bool ownsFeatures = false)
    {
        SliceRows = sliceRows;
        if (norm != FeatureNorm.None && !ownsFeatures)
            features = new RowMatrix(features.Rows, features.Columns, (float[])features.Data.Clone());
        FeatureNormalization.Apply(norm, features);
        _features = features;
    }

    public int SliceRows { get; }
    public int Rows => _features.Rows;
    public int Dimensions => _features.Columns;

    public PcaStatistics PcaStatistics() => Pca.ComputeStatistics(_features, SliceRows);

    public RowMatrix Project(PcaModel model) => model.Project(_features);

    public IKMeansPass KMeansPass(RowMatrix reduced) => new LocalKMeansPass(reduced, SliceRows);

    public KnnResult Neighbours(RowMatrix reduced, int k) => ExactKnn.Search(reduced, k);
}
