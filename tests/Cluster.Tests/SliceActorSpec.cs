using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Configuration;
using GalaxyActors.Core.Embedding;
using GalaxyActors.Core.Hdf5;
using GalaxyActors.Core.Jobs;
using GalaxyActors.Core.Morphology;
using GalaxyActors.Core.Pipeline;
using GalaxyActors.Hosting;
using GalaxyActors.Hosting.Workers;
using GalaxyActors.Messages.Slices;

namespace GalaxyActors.Cluster.Tests;

/// <summary>
/// The slice entity on its own, the TestKit's actor as its shard parent and sender: what it answers to each request,
/// checked against a single-process `embed` of the same file (the feature store it writes is the independent answer).
/// </summary>
[Collection("cluster")]
public sealed class SliceActorSpec(ScratchFolder folder)
    : Akka.TestKit.Xunit2.TestKit(ConfigurationFactory.ParseString(GalaxyDispatchers.Hocon(1))), IClassFixture<ScratchFolder>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    // fp32 at 69 px with the default crop: no int8 calibration, so the spec stays quick.
    private static readonly EmbeddingRequest Embedding = new() { Precision = EmbeddingPrecision.Fp32, InputSize = 69 };

    private string Sample()
    {
        var path = folder.File("slice-sample.h5");
        lock (typeof(SliceActorSpec))
            if (!File.Exists(path)) SampleFile.Make(path, 40, 3);
        return path;
    }

    /// <summary>Features and morphology of every image as `galaxy embed` stores them.</summary>
    private (float[] Features, int Dim, float[] Morphology) EmbeddedByThePipeline(string sample)
    {
        var store = folder.File("slice-sample-features.h5");
        lock (typeof(SliceActorSpec))
            if (!File.Exists(store))
            {
                using var images = GalaxyImageFile.Open(sample, labelsDataset: null);
                using var embedder = ImageEmbedder.Create(Embedding.ToEmbedderOptions(sample, "images"));
                EmbedPipeline.Run(images, embedder, store, limit: null, sliceSize: 16);
            }
        using var reader = FeatureStoreReader.Open(store);
        return (reader.ReadAll().Data, reader.Dimension, reader.ReadMorphology(reader.Rows)!);
    }

    [Fact]
    public void Embedding_a_slice_answers_info_then_morphology_then_every_feature_row_as_the_single_process_embeds_it()
    {
        var sample = Sample();
        var (features, dim, morphology) = EmbeddedByThePipeline(sample);
        var slice = new SliceRef("job", 1, 8, 20); // rows 8..28: not aligned to the pipeline's 16-row slices
        var entity = ChildActorOf(SliceActor.PropsFor(slice.EntityId));

        for (var attempt = 0; attempt < 2; attempt++) // a re-sent request answers the same (from the rows it kept)
        {
            entity.Tell(new EmbedSlice(slice, sample, "images", Embedding));
            var info = ExpectMsg<SliceEmbedderInfo>(Patience);
            Assert.Equal(dim, info.FeatureDim);
            var measured = ExpectMsg<SliceMorphology>(Patience);
            Assert.Equal(MorphologyQuantities.Count, measured.Quantities);
            Assert.Equal(morphology.AsSpan(8 * MorphologyQuantities.Count, 20 * MorphologyQuantities.Count).ToArray(), measured.Values);
            var rows = new float[20 * dim];
            var received = 0;
            while (received < 20)
            {
                var chunk = ExpectMsg<SliceEmbedded>(Patience);
                chunk.Features.CopyTo(rows, chunk.RowOffset * dim);
                received += chunk.Rows;
            }
            Assert.Equal(features.AsSpan(8 * dim, 20 * dim).ToArray(), rows);
        }
    }

    [Fact]
    public void A_slice_past_the_end_of_the_file_fails_naming_the_file_and_the_rows()
    {
        var sample = Sample();
        var slice = new SliceRef("job", 3, 32, 16); // 32..48 of 40 images
        var entity = ChildActorOf(SliceActor.PropsFor(slice.EntityId));
        entity.Tell(new EmbedSlice(slice, sample, "images", Embedding));
        var failed = ExpectMsg<SliceFailed>(Patience);
        Assert.Contains(sample, failed.Reason);
        Assert.Contains("32..48 of 40", failed.Reason);
    }

    [Fact]
    public void A_slice_asked_for_analysis_work_it_has_no_rows_for_says_what_is_missing()
    {
        var slice = new SliceRef("job", 0, 0, 16);
        var entity = ChildActorOf(SliceActor.PropsFor(slice.EntityId));
        entity.Tell(new AssignSlice(slice, 2, [2], new float[4]));
        Assert.Equal(slice, ExpectMsg<ReducedRowsMissing>(Patience).Slice);
    }

    [Fact]
    public void A_released_slice_asks_its_shard_to_passivate_it_and_then_holds_nothing()
    {
        var sample = Sample();
        var slice = new SliceRef("job", 0, 0, 4);
        var entity = ChildActorOf(SliceActor.PropsFor(slice.EntityId));
        entity.Tell(new EmbedSlice(slice, sample, "images", Embedding));
        ExpectMsg<SliceEmbedderInfo>(Patience);
        ExpectMsg<SliceMorphology>(Patience);
        ExpectMsg<SliceEmbedded>(Patience);

        entity.Tell(new ReleaseSlice(slice));
        Assert.Equal(PoisonPill.Instance, ExpectMsg<Passivate>(Patience).StopMessage);
        // Until the shard stops it, it answers as an empty entity: its features are gone.
        entity.Tell(new ComputePcaStats(slice, 0, AnalysisDefaults.FeatureNorm));
        ExpectMsg<SliceFeaturesMissing>(Patience);
    }
}
