using GalaxyActors.Core.Linalg;

namespace GalaxyActors.Core.Projection;

/// <summary>
/// The plain 2-D map: each point's coordinates on the two leading principal components. The fallback
/// when t-SNE is too slow or unwanted, and t-SNE's starting layout. It is the analysis's own <see cref="Pca"/>
/// (the same covariance, eigen-solver, descending order with ties by index, and sign rule: each axis's
/// largest-magnitude loading positive), so the map does not flip between runs or machines.
/// </summary>
public static class Pca2D
{
    /// <summary>Returns N×2 row-major; with one feature the second coordinate is zero.</summary>
    public static float[] Embed(RowMatrix points)
    {
        var n = points.Rows;
        var d = points.Columns;
        if (n < 2 || d < 1)
            throw new InvalidInputException($"PCA needs at least two points and one feature; got {n}×{d}.");
        var model = Pca.FitComponents(Pca.ComputeStatistics(points), 2);
        var projected = model.Project(points);
        if (model.ComponentCount == 2)
            return projected.Data;
        var embedding = new float[2 * n];
        for (var i = 0; i < n; i++)
            embedding[2 * i] = projected.Data[i];
        return embedding;
    }
}
