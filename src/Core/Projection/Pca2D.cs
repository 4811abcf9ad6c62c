using System.Numerics.Tensors;
using GalaxyActors.Core.Linalg;
using MathNet.Numerics.LinearAlgebra;

namespace GalaxyActors.Core.Projection;

/// <summary>
/// The plain 2-D map: each point's coordinates on the two leading principal components. The fallback
/// when t-SNE is too slow or unwanted, and t-SNE's starting layout.
/// </summary>
public static class Pca2D
{
    /// <summary>
    /// Centres the rows, forms the covariance (accumulated in double), takes the eigenvectors of its
    /// two largest eigenvalues and projects. Each axis's sign is fixed so that its largest-magnitude
    /// loading is positive, so the map does not flip between runs or machines. Returns N×2 row-major.
    /// </summary>
    public static float[] Embed(RowMatrix points)
    {
        var n = points.Rows;
        var d = points.Columns;
        if (n < 1 || d < 1)
            throw new InvalidInputException($"PCA needs at least one point and one feature; got {n}×{d}.");

        var mean = new double[d];
        for (var i = 0; i < n; i++)
        {
            var row = points.Row(i);
            for (var c = 0; c < d; c++)
                mean[c] += row[c];
        }
        for (var c = 0; c < d; c++)
            mean[c] /= n;

        // Upper triangle of XᵀX for the centred rows, one vectorised row update per feature.
        var covariance = new double[d * d];
        var centred = new double[d];
        for (var i = 0; i < n; i++)
        {
            var row = points.Row(i);
            for (var c = 0; c < d; c++)
                centred[c] = row[c] - mean[c];
            for (var a = 0; a < d; a++)
            {
                var target = covariance.AsSpan(a * d + a, d - a);
                TensorPrimitives.MultiplyAdd(centred.AsSpan(a), centred[a], target, target);
            }
        }
        var matrix = Matrix<double>.Build.Dense(d, d);
        for (var a = 0; a < d; a++)
            for (var b = a; b < d; b++)
            {
                var value = covariance[a * d + b] / Math.Max(1, n - 1);
                matrix[a, b] = value;
                matrix[b, a] = value;
            }

        var evd = matrix.Evd(Symmetricity.Symmetric);
        var eigenvalues = evd.EigenValues;
        var order = new int[d];
        for (var c = 0; c < d; c++)
            order[c] = c;
        Array.Sort(order, (x, y) => eigenvalues[y].Real.CompareTo(eigenvalues[x].Real) is var byValue and not 0 ? byValue : x.CompareTo(y));

        var axes = new double[2 * d];
        for (var axis = 0; axis < 2; axis++)
        {
            if (axis >= d)
                break; // one feature: the second coordinate stays zero
            var vector = evd.EigenVectors.Column(order[axis]);
            var largest = 0;
            for (var c = 1; c < d; c++)
                if (Math.Abs(vector[c]) > Math.Abs(vector[largest]))
                    largest = c;
            var sign = vector[largest] < 0 ? -1.0 : 1.0;
            for (var c = 0; c < d; c++)
                axes[axis * d + c] = sign * vector[c];
        }

        var embedding = new float[2 * n];
        for (var i = 0; i < n; i++)
        {
            var row = points.Row(i);
            for (var c = 0; c < d; c++)
                centred[c] = row[c] - mean[c];
            embedding[2 * i] = (float)TensorPrimitives.Dot(centred, axes.AsSpan(0, d));
            embedding[2 * i + 1] = (float)TensorPrimitives.Dot(centred, axes.AsSpan(d, d));
        }
        return embedding;
    }
}
