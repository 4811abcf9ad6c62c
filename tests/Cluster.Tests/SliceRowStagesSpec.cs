using GalaxyActors.Core.Jobs;
using Akka.Actor;
using Akka.Configuration;
using GalaxyActors.Core.Clustering;
using GalaxyActors.Core.Hdf5;
using GalaxyActors.Core.Linalg;
using GalaxyActors.Core.Pipeline;
using GalaxyActors.Hosting;
using GalaxyActors.Hosting.Coordination;
using GalaxyActors.Hosting.Workers;
using System.Runtime.CompilerServices;
using GalaxyActors.Messages.Slices;

namespace GalaxyActors.Cluster.Tests;

/// <summary>
/// The analysis's row-local stages through real slice actors (one ActorSystem, a stand-in for the shard region) —
/// PCA statistics, projection, the elbow's K-means passes, the kNN search — against <see cref="LocalRowStages"/>
/// with the same slice size: the results must be bit-identical, also when a slice forgets everything midway (as an
/// entity re-created on another node does) and must be restored from the feature store and the coordinator's copy.
/// </summary>
[Collection("cluster")]
public sealed class SliceRowStagesSpec() : Akka.TestKit.Xunit2.TestKit(ConfigurationFactory.ParseString(GalaxyDispatchers.Hocon(1))), IDisposable
{
    private const int SliceRows = 32;
    private readonly ScratchFolder _scratch = new();

    // Three blobs in 24-d, 150 points: five slices of 32 rows, the last one short.
    private static RowMatrix Blobs()
    {
        var random = new Random(11);
        var data = new RowMatrix(150, 24);
        for (int i = 0; i < data.Rows; i++)
            for (int j = 0; j < data.Columns; j++)
                data.Data[i * data.Columns + j] = (float)(random.NextDouble() + 4 * (i % 3) * (j % 2) + 0.5 * (j % 5) * random.NextDouble());
        return data;
    }

    private string StoreOf(RowMatrix data)
    {
        var path = _scratch.File($"features-{Guid.NewGuid():N}.h5");
        using var writer = FeatureStoreWriter.Create(path, data.Rows, data.Columns, new FeatureStoreAttributes("blobs", "images", "test", data.Columns, "none"));
        writer.WriteRows(0, data.Data);
        writer.Complete();
        return path;
    }

    private static SliceRef[] SlicesOf(RowMatrix data, string jobId) =>
        Enumerable.Range(0, (data.Rows + SliceRows - 1) / SliceRows)
            .Select(i => new SliceRef(jobId, i, (long)i * SliceRows, Math.Min(SliceRows, data.Rows - i * SliceRows)))
            .ToArray();

    private (SliceRowStages Stages, SliceRef[] Slices, IActorRef Region) Distributed(RowMatrix data, string jobId, AnalysisOptions options,
        IActorRef? region = null)
    {
        region ??= Sys.ActorOf(RegionStandIn.PropsFor());
        var slices = SlicesOf(data, jobId);
        var requester = new SliceRequester(region, StoreOf(data), "features", TimeSpan.FromSeconds(10), 4);
        return (new SliceRowStages(requester, slices, data.Columns, options), slices, region);
    }

    private static void AssertSame(ElbowResult expected, ElbowResult actual)
    {
        Assert.Equal(expected.Sse, actual.Sse);
        Assert.Equal(expected.ChosenK, actual.ChosenK);
        for (int k = 0; k < expected.PerK.Length; k++)
        {
            Assert.Equal(expected.PerK[k].Labels, actual.PerK[k].Labels);
            Assert.Equal(expected.PerK[k].Centroids, actual.PerK[k].Centroids);
        }
    }

    // The local stages on their own copy, normalised as the job's options say (the slices normalise theirs in place).
    private static LocalRowStages LocalStages(RowMatrix data, AnalysisOptions options) =>
        new(new RowMatrix(data.Rows, data.Columns, (float[])data.Data.Clone()), SliceRows, options.FeatureNorm, ownsFeatures: true);

    [Theory]
    [InlineData(KMeansAlgorithm.Lloyd)]
    [InlineData(KMeansAlgorithm.MiniBatch)]
    public void Every_row_stage_through_slice_actors_is_bit_identical_to_the_local_stages(KMeansAlgorithm algorithm)
    {
        var data = Blobs();
        var options = new AnalysisOptions { SliceSize = SliceRows, KMax = 5, NInit = 3, Seed = 7 };
        var elbowOptions = new ElbowOptions { KMax = 5, NInit = 3, Seed = 7, Algorithm = algorithm, BatchSize = 40 };
        var local = LocalStages(data, options);
        var (distributed, _, _) = Distributed(data, "job-stages-" + algorithm, options);

        var statistics = distributed.PcaStatistics();
        var expectedStatistics = local.PcaStatistics();
        Assert.Equal(expectedStatistics.Count, statistics.Count);
        Assert.Equal(expectedStatistics.Sum, statistics.Sum);
        Assert.Equal(expectedStatistics.Scatter, statistics.Scatter);

        var model = Pca.Fit(expectedStatistics, 0.9);
        var reduced = distributed.Project(model);
        var expectedReduced = local.Project(model);
        Assert.Equal(expectedReduced.Data, reduced.Data);

        AssertSame(Elbow.Run(expectedReduced, local.KMeansPass(expectedReduced), elbowOptions),
            Elbow.Run(reduced, distributed.KMeansPass(reduced), elbowOptions));

        var neighbours = distributed.Neighbours(reduced, 7);
        var expectedNeighbours = local.Neighbours(expectedReduced, 7);
        Assert.Equal(expectedNeighbours.Ids, neighbours.Ids);
        Assert.Equal(expectedNeighbours.Distances, neighbours.Distances);
    }

    [Fact]
    public void Slice_that_lost_everything_is_restored_and_the_results_do_not_change()
    {
        var data = Blobs();
        var options = new AnalysisOptions { SliceSize = SliceRows, KMax = 4, NInit = 2, Seed = 3 };
        var elbowOptions = new ElbowOptions { KMax = 4, NInit = 2, Seed = 3 };
        var local = LocalStages(data, options);
        var (distributed, slices, region) = Distributed(data, "job-lost", options);

        var model = Pca.Fit(distributed.PcaStatistics(), 0.9);
        // Slice 2 forgets its features and stops, as if its node died: the projection must reload them from the store.
        region.Tell(new ReleaseSlice(slices[2]));
        var reduced = distributed.Project(model);
        Assert.Equal(local.Project(model).Data, reduced.Data);

        // Slice 3 forgets its reduced rows before the elbow (the coordinator's copy restores them); slice 1 is re-created
        // before the kNN search, which needs no rows of its own, only its node's copy of all points.
        region.Tell(new ReleaseSlice(slices[3]));
        AssertSame(Elbow.Run(reduced, local.KMeansPass(reduced), elbowOptions), Elbow.Run(reduced, distributed.KMeansPass(reduced), elbowOptions));
        region.Tell(new ReleaseSlice(slices[1]));
        Assert.Equal(local.Neighbours(reduced, 5).Ids, distributed.Neighbours(reduced, 5).Ids);
    }

    [Fact]
    public void The_points_reach_a_node_once_for_all_its_slices_and_again_only_when_it_lost_them()
    {
        var data = Blobs();
        var options = new AnalysisOptions { SliceSize = SliceRows };
        var holds = new StrongBox<int>();
        var region = Sys.ActorOf(Props.Create(() => new CountingRegion(Sys.ActorOf(RegionStandIn.PropsFor()), holds)));
        var (distributed, slices, _) = Distributed(data, "job-points-once", options, region);
        var reduced = distributed.Project(Pca.Fit(distributed.PcaStatistics(), 0.9));
        var expected = GalaxyActors.Core.Graph.ExactKnn.Search(reduced, 6);

        // Five slices on one node (this process): one block of points, sent once.
        Assert.Equal(expected.Ids, distributed.Neighbours(reduced, 6).Ids);
        Assert.Equal(1, holds.Value);
        Assert.Equal(expected.Distances, distributed.Neighbours(reduced, 6).Distances);
        Assert.Equal(1, holds.Value);

        // The node lost them (restarted): the first slice to miss has them sent again, once.
        NodeKnnPoints.Forget(slices[0].JobId);
        Assert.Equal(expected.Ids, distributed.Neighbours(reduced, 6).Ids);
        Assert.Equal(2, holds.Value);
    }

    /// <summary>Forwards to the stand-in region, counting the point blocks that pass.</summary>
    private sealed class CountingRegion : ReceiveActor
    {
        public CountingRegion(IActorRef inner, StrongBox<int> holds) =>
            ReceiveAny(message =>
            {
                if (message is HoldKnnPoints) Interlocked.Increment(ref holds.Value);
                inner.Forward(message);
            });
    }

    [Fact]
    public void Non_finite_feature_is_reported_with_its_row()
    {
        var data = Blobs();
        data.Data[97 * data.Columns + 3] = float.NaN;
        var (distributed, _, _) = Distributed(data, "job-nan", new AnalysisOptions { SliceSize = SliceRows });

        var error = Assert.Throws<GalaxyActors.Core.InvalidInputException>(() => distributed.PcaStatistics());
        Assert.Contains("97", error.Message);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _scratch.Dispose();
    }
}
