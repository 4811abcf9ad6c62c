using GalaxyActors.Core.Morphology;

namespace GalaxyActors.Core.Pipeline;

/// <summary>The images' morphology (row-major N × <see cref="MorphologyQuantities.Count"/>) and each cluster's profile of it.</summary>
/// <param name="MeasuredRows">Images whose central galaxy was segmented (a row with any value not NaN).</param>
public sealed record MorphologyResult(float[] Rows, int MeasuredRows, IReadOnlyList<ClusterMorphology> KMeans, IReadOnlyList<ClusterMorphology> Spectral)
{
    /// <summary>Profiles the K-means and (K-means-aligned) spectral clusters of <paramref name="result"/>.</summary>
    public static MorphologyResult Of(float[] rows, AnalysisResult result)
    {
        int width = MorphologyQuantities.Count;
        int count = result.Reduced.Rows;
        int measured = 0;
        for (int i = 0; i < count; i++)
        {
            var row = rows.AsSpan(i * width, width);
            foreach (var value in row)
                if (!float.IsNaN(value)) { measured++; break; }
        }
        var span = rows.AsSpan(0, count * width);
        return new MorphologyResult(rows, measured,
            MorphologyProfile.PerCluster(span, result.KMeans.Labels, result.KMeans.K),
            MorphologyProfile.PerCluster(span, result.SpectralLabels, result.SpectralSizes.Length));
    }
}
