using Akka.Actor;
using Akka.Configuration;
using GalaxyActors.Core.Clustering;
using GalaxyActors.Core.Linalg;
using GalaxyActors.Hosting;
using GalaxyActors.Hosting.Coordination;
using GalaxyActors.Messages.Slices;

namespace GalaxyActors.Cluster.Tests;

/// <summary>
/// The elbow's K-means passes through real slice actors (one ActorSystem, a stand-in for the shard region) against
/// the same elbow over <see cref="LocalKMeansPass"/> with the same slice size: the results must be bit-identical,
/// also when a slice loses its rows midway (as an entity re-created on another node does).
/// </summary>
[Collection("cluster")]
public sealed class SliceKMeansPassSpec() : Akka.TestKit.Xunit2.TestKit(ConfigurationFactory.ParseString(GalaxyDispatchers.Hocon(1)))
{
    private const int SliceRows = 32;

    // Three blobs in 6-d, 150 points: five slices of 32 rows, the last one short.
    private static RowMatrix Blobs()
    {
        var random = new Random(11);
        var data = new RowMatrix(150, 6);
        for (int i = 0; i < data.Rows; i++)
        for (int j = 0; j < data.Columns; j++)
            data.Data[i * data.Columns + j] = (float)(random.NextDouble() + 4 * (i % 3) * (j % 2));
        return data;
    }

    private static SliceRef[] SlicesOf(RowMatrix data, string jobId) =>
        Enumerable.Range(0, (data.Rows + SliceRows - 1) / SliceRows)
            .Select(i => new SliceRef(jobId, i, (long)i * SliceRows, Math.Min(SliceRows, data.Rows - i * SliceRows)))
            .ToArray();

    private static void AssertSame(ElbowResult expected, ElbowResult actual)
    {
        Assert.Equal(expected.Sse, actual.Sse);
        Assert.Equal(expected.ChosenK, actual.ChosenK);
        for (int k = 0; k < expected.PerK.Length; k++)
        {
            Assert.Equal(expected.PerK[k].Labels, actual.PerK[k].Labels);
            Assert.Equal(expected.PerK[k].Centroids, actual.PerK[k].Centroids);
            Assert.Equal(expected.PerK[k].Sizes, actual.PerK[k].Sizes);
        }
    }

    [Theory]
    [InlineData(KMeansAlgorithm.Lloyd)]
    [InlineData(KMeansAlgorithm.MiniBatch)]
    public void Elbow_through_slice_actors_is_bit_identical_to_the_local_pass(KMeansAlgorithm algorithm)
    {
        var data = Blobs();
        var options = new ElbowOptions { KMax = 5, NInit = 3, Seed = 7, Algorithm = algorithm, BatchSize = 40 };
        var region = Sys.ActorOf(RegionStandIn.PropsFor());

        var pass = SliceKMeansPass.Start(region, SlicesOf(data, "job-pass-" + algorithm), data, TimeSpan.FromSeconds(20), 3);
        var distributed = Elbow.Run(data, pass, options);

        AssertSame(Elbow.Run(data, new LocalKMeansPass(data, SliceRows), options), distributed);
    }

    [Fact]
    public void Slice_that_lost_its_rows_gets_them_again_and_the_results_do_not_change()
    {
        var data = Blobs();
        var options = new ElbowOptions { KMax = 4, NInit = 2, Seed = 3 };
        var region = Sys.ActorOf(RegionStandIn.PropsFor());
        var slices = SlicesOf(data, "job-lost");
        var pass = SliceKMeansPass.Start(region, slices, data, TimeSpan.FromSeconds(5), 4);

        // Slice 2 forgets everything and stops, as if its node died; the next request re-creates it empty.
        region.Tell(new ReleaseSlice(slices[2]));
        var distributed = Elbow.Run(data, pass, options);

        AssertSame(Elbow.Run(data, new LocalKMeansPass(data, SliceRows), options), distributed);
    }
}
