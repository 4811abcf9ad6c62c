using GalaxyActors.Core.Linalg;
using GalaxyActors.Core.Tests.TestData;

namespace GalaxyActors.Core.Tests.Linalg;

public class PcaTests
{
    [Fact]
    public void Explained_variance_ratios_match_scikit_learn_on_fixture()
    {
        var fixture = ClusteringFixture.Shared;
        var model = Pca.Fit(Pca.ComputeStatistics(fixture.Features));
        var expected = fixture.ExplainedVarianceRatioFirst40;
        for (var i = 0; i < expected.Length; i++)
        {
            var relative = Math.Abs(model.ExplainedVarianceRatio[i] - expected[i]) / expected[i];
            Assert.True(relative <= 1e-6, $"ratio {i}: {model.ExplainedVarianceRatio[i]} vs {expected[i]} (relative {relative:E2})");
        }
    }

    [Fact]
    public void Ninety_percent_of_fixture_variance_needs_the_same_components_as_scikit_learn()
    {
        var fixture = ClusteringFixture.Shared;
        var model = Pca.Fit(Pca.ComputeStatistics(fixture.Features), 0.90);
        Assert.Equal(fixture.ComponentsFor90Percent, model.ComponentCount);
    }

    [Fact]
    public void Projection_preserves_the_kept_variance_and_components_are_orthonormal()
    {
        var fixture = ClusteringFixture.Shared;
        var model = Pca.Fit(Pca.ComputeStatistics(fixture.Features));
        var reduced = model.Project(fixture.Features);
        var d = model.ComponentCount;
        var n = reduced.Rows;
        // Each projected column has mean ≈ 0 and variance = its eigenvalue.
        for (var i = 0; i < d; i++)
        {
            double sum = 0, sq = 0;
            for (var r = 0; r < n; r++) { double v = reduced[r, i]; sum += v; sq += v * v; }
            var mean = sum / n;
            var variance = (sq - n * mean * mean) / (n - 1);
            Assert.True(Math.Abs(mean) < 1e-3, $"component {i} mean {mean}");
            Assert.True(Math.Abs(variance - model.ExplainedVariance[i]) <= 1e-4 * model.ExplainedVariance[0], $"component {i}: {variance} vs {model.ExplainedVariance[i]}");
        }
        var D = model.InputDimensions;
        for (var a = 0; a < d; a++)
        {
            for (var b = a; b < d; b++)
            {
                double dot = 0;
                for (var j = 0; j < D; j++) dot += model.Components[a * D + j] * model.Components[b * D + j];
                Assert.True(Math.Abs(dot - (a == b ? 1 : 0)) < 1e-9, $"components {a},{b}: {dot}");
            }
        }
    }

    [Fact]
    public void Project_matches_a_direct_double_precision_projection()
    {
        var fixture = ClusteringFixture.Shared;
        var model = Pca.Fit(Pca.ComputeStatistics(fixture.Features));
        var reduced = model.Project(fixture.Features);
        var D = model.InputDimensions;
        foreach (var r in new[] { 0, 1, 1234, 2999 })
        {
            for (var i = 0; i < model.ComponentCount; i++)
            {
                double expected = 0;
                for (var j = 0; j < D; j++) expected += (fixture.Features[r, j] - model.Mean[j]) * model.Components[i * D + j];
                Assert.True(Math.Abs(reduced[r, i] - expected) < 1e-4, $"row {r} component {i}: {reduced[r, i]} vs {expected}");
            }
        }
    }

    [Fact]
    public void Projection_matches_scikit_learns_up_to_component_signs()
    {
        var fixture = ClusteringFixture.Shared;
        var reduced = Pca.Fit(Pca.ComputeStatistics(fixture.Features)).Project(fixture.Features);
        var expected = fixture.SklearnReduced;
        Assert.Equal(expected.GetLength(1), reduced.Columns);
        for (var i = 0; i < reduced.Columns; i++)
        {
            double dot = 0, scale = 0;
            for (var r = 0; r < reduced.Rows; r++) { dot += reduced[r, i] * expected[r, i]; scale = Math.Max(scale, Math.Abs(expected[r, i])); }
            var sign = Math.Sign(dot);
            var worst = 0.0;
            for (var r = 0; r < reduced.Rows; r++) worst = Math.Max(worst, Math.Abs(sign * reduced[r, i] - expected[r, i]));
            Assert.True(worst <= 1e-3 * scale, $"component {i}: worst difference {worst} (scale {scale})");
        }
    }

    [Fact]
    public void Partials_merged_in_any_grouping_match_one_pass()
    {
        var features = ClusteringFixture.Shared.Features;
        var onePass = new PcaStatistics(features.Columns);
        onePass.Add(features.Data, features.Rows);

        // Uneven groups merged in reverse order.
        var bounds = new[] { 0, 7, 700, 1500, 2222, 3000 };
        var reversed = new PcaStatistics(features.Columns);
        for (var g = bounds.Length - 2; g >= 0; g--)
        {
            var part = new PcaStatistics(features.Columns);
            part.Add(features.RowBlock(bounds[g], bounds[g + 1] - bounds[g]), bounds[g + 1] - bounds[g], bounds[g]);
            reversed.Merge(part);
        }
        var sliced = Pca.ComputeStatistics(features, 100);
        foreach (var other in new[] { reversed, sliced })
        {
            Assert.Equal(onePass.Count, other.Count);
            AssertClose(onePass.Sum, other.Sum);
            AssertClose(onePass.Scatter, other.Scatter);
        }

        // The same slices merged in the same order give identical bits, however they were scheduled.
        var again = Pca.ComputeStatistics(features, 100);
        Assert.Equal(sliced.Scatter, again.Scatter);
        Assert.Equal(sliced.Sum, again.Sum);
        var sequential = new PcaStatistics(features.Columns);
        for (var start = 0; start < features.Rows; start += 100)
        {
            var part = new PcaStatistics(features.Columns);
            part.Add(features.RowBlock(start, 100), 100, start);
            sequential.Merge(part);
        }
        Assert.Equal(sliced.Scatter, sequential.Scatter);
    }

    [Fact]
    public void Hand_worked_two_dimensional_case()
    {
        // Points on the line y = x: (0,0), (1,1), (2,2), (3,3) → covariance [[5/3,5/3],[5/3,5/3]],
        // eigenvalues 10/3 and 0, first component (1,1)/√2, all variance in it.
        var data = new RowMatrix(4, 2, [0, 0, 1, 1, 2, 2, 3, 3]);
        var model = Pca.Fit(Pca.ComputeStatistics(data), 0.5);
        Assert.Equal(1, model.ComponentCount);
        Assert.Equal(10.0 / 3, model.ExplainedVariance[0], 12);
        Assert.Equal(0, model.ExplainedVariance[1], 12);
        Assert.Equal(1.0, model.ExplainedVarianceRatio[0], 12);
        Assert.Equal(Math.Sqrt(0.5), model.Components[0], 12);
        Assert.Equal(Math.Sqrt(0.5), model.Components[1], 12);
        var reduced = model.Project(data);
        Assert.Equal(-1.5 * Math.Sqrt(2), reduced[0, 0], 5);
        Assert.Equal(1.5 * Math.Sqrt(2), reduced[3, 0], 5);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.1)]
    [InlineData(1.01)]
    [InlineData(double.NaN)]
    public void Variance_target_outside_zero_one_is_rejected(double target)
    {
        var stats = Pca.ComputeStatistics(new RowMatrix(3, 2, [1, 2, 3, 4, 5, 7]));
        var error = Assert.Throws<InvalidInputException>(() => Pca.Fit(stats, target));
        Assert.Contains("variance_target", error.Message);
    }

    [Fact]
    public void Non_finite_feature_is_reported_with_its_row()
    {
        var data = new RowMatrix(1200, 3);
        for (var i = 0; i < data.Data.Length; i++) data.Data[i] = i % 7;
        data[1037, 2] = float.NaN;
        var error = Assert.Throws<InvalidInputException>(() => Pca.ComputeStatistics(data));
        Assert.Contains("row 1037", error.Message);
        data[1037, 2] = 0;
        data[5, 0] = float.PositiveInfinity;
        error = Assert.Throws<InvalidInputException>(() => Pca.ComputeStatistics(data));
        Assert.Contains("row 5", error.Message);
    }

    private static void AssertClose(double[] expected, double[] actual)
    {
        var scale = 0.0;
        foreach (var v in expected) scale = Math.Max(scale, Math.Abs(v));
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-9 * scale, $"entry {i}: {expected[i]} vs {actual[i]}");
    }
}
