using GalaxyActors.Core.Embedding;
using GalaxyActors.Core.Linalg;
using GalaxyActors.Core.Pipeline;

namespace GalaxyActors.Benchmarks.Tests.Quality;

public class QualityBenchmarkTests
{
    /// <summary>
    /// The harness on a labelled synthetic sample: the reference against itself has cosine 1; features separate
    /// the 10 classes far better than chance (0.1); a configuration the embedder refuses is reported as
    /// unavailable; a re-run with the same seed gives identical scores (speed aside).
    /// </summary>
    [Fact]
    public void Harness_scores_a_labelled_sample_reproducibly_and_reports_refused_configurations()
    {
        var folder = Directory.CreateTempSubdirectory("quality-test-");
        try
        {
            var input = Path.Combine(folder.FullName, "sample.h5");
            SampleFile.Make(input, 150, seed: 3);
            var options = new QualityBenchmarkOptions
            {
                InputPath = input,
                Configurations =
                [
                    new QualityConfiguration(72, EmbeddingPrecision.Fp32, TtaMode.None),
                    new QualityConfiguration(16, EmbeddingPrecision.Fp32, TtaMode.None), // below the minimum size
                ],
                Embedder = new EmbedderOptions { BatchSize = 16 },
            };
            var first = QualityBenchmark.Run(options);
            var second = QualityBenchmark.Run(options);

            Assert.Equal(150, first.Images);
            Assert.Equal(10, first.Classes);
            Assert.Equal(QualityConfiguration.Reference, first.Rows[0].Configuration);
            Assert.Equal(3, first.Rows.Count);
            var reference = first.Reference.Scores!;
            Assert.Equal(1.0, reference.MeanCosineToReference, 6);
            Assert.True(reference.KnnAccuracy > 0.3, $"kNN accuracy {reference.KnnAccuracy} is not far above chance (0.1)");
            var small = first.Rows[1].Scores!;
            Assert.True(small.MeanCosineToReference is > 0 and < 1, $"cosine {small.MeanCosineToReference}");
            Assert.False(first.Rows[2].IsAvailable);
            Assert.Contains("--input-size 16", first.Rows[2].Unavailable);
            Assert.Equal(first.Rows.Select(r => r.Scores), second.Rows.Select(r => r.Scores));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Rule_picks_the_fastest_row_within_one_point_of_the_reference()
    {
        var reference = Row(224, 50, 0.80, 0.50, 0.40);
        var rows = new[]
        {
            reference,
            Row(112, 150, 0.795, 0.49, 0.395),  // within 0.01 everywhere
            Row(96, 200, 0.80, 0.50, 0.389),     // spectral ARI 0.011 below: out
            Row(72, 300, 0.70, 0.50, 0.40),      // kNN accuracy 0.1 below: out
            Row(69, 90, 0.85, 0.60, 0.50),       // better everywhere, but slower than 112
            new QualityRow(new QualityConfiguration(64, EmbeddingPrecision.Int8, TtaMode.None), 0, null, "refused"),
        };
        Assert.Equal(112, QualityBenchmark.Choose(rows, reference).Configuration.InputSize);
        Assert.Equal(224, QualityBenchmark.Choose([reference, rows[2], rows[3]], reference).Configuration.InputSize);
    }

    [Fact]
    public void Mean_cosine_is_one_for_parallel_rows_and_zero_for_orthogonal_ones()
    {
        var a = new RowMatrix(2, 2, [1, 0, 3, 4]);
        var scaled = new RowMatrix(2, 2, [2, 0, 0.3f, 0.4f]);
        var orthogonal = new RowMatrix(2, 2, [0, 5, -4, 3]);
        Assert.Equal(1.0, QualityBenchmark.MeanCosine(a, scaled), 12);
        Assert.Equal(0.0, QualityBenchmark.MeanCosine(a, orthogonal), 12);
    }

    private static QualityRow Row(int size, double rate, double knn, double kmeansAri, double spectralAri) =>
        new(new QualityConfiguration(size, EmbeddingPrecision.Fp32, TtaMode.None), rate,
            new QualityScores(knn, new MethodQuality(kmeansAri, 0, 4, kmeansAri, 0), new MethodQuality(spectralAri, 0, 4, spectralAri, 0), 1), null);
}

public class KnnClassificationTests
{
    [Fact]
    public void Well_separated_classes_are_all_classified_correctly()
    {
        // Three tight clusters 100 apart, 20 points each: every neighbour of a point is in its own class.
        var random = new Random(5);
        var data = new float[60 * 3];
        var labels = new int[60];
        for (var i = 0; i < 60; i++)
        {
            labels[i] = i % 3;
            for (var d = 0; d < 3; d++)
                data[i * 3 + d] = (d == labels[i] ? 100f : 0f) + (float)random.NextDouble();
        }
        Assert.Equal(1.0, KnnClassification.CrossValidatedAccuracy(new RowMatrix(60, 3, data), labels));
    }

    [Fact]
    public void Features_carrying_no_information_score_near_chance_so_no_test_label_leaks_in()
    {
        // Identical features for every image: all are equally near, ties by smaller id, so the vote is the
        // majority label among the first 10 training images, right only for that label's share.
        var labels = Enumerable.Range(0, 100).Select(i => i % 2).ToArray();
        var accuracy = KnnClassification.CrossValidatedAccuracy(new RowMatrix(100, 4, new float[400]), labels);
        Assert.InRange(accuracy, 0.2, 0.8);
    }
}
