using Akka.Serialization;
using GalaxyActors.Core.Embedding;
using GalaxyActors.Core.Jobs;
using GalaxyActors.Core.Linalg;
using GalaxyActors.Messages.Jobs;
using Google.Protobuf;

namespace GalaxyActors.Messages.Tests;

/// <summary>
/// Nodes of two versions must still talk: a job request written by a node that knew fewer fields (or more) reads on
/// this one. The bytes here are written field by field with protobuf's own encoder, by field number, as the older
/// (or newer) schema would write them — not by our generated classes — so the test checks the wire contract itself.
/// </summary>
public sealed class WireUpgradeTests(SerializationSystemFixture fixture) : IClassFixture<SerializationSystemFixture>
{
    private SerializerWithStringManifest Serializer => (SerializerWithStringManifest)fixture.System.Serialization.FindSerializerForType(typeof(SubmitJob));

    private static byte[] Message(Action<CodedOutputStream> write)
    {
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        write(output);
        output.Flush();
        return buffer.ToArray();
    }

    private static void Nested(CodedOutputStream output, int field, Action<CodedOutputStream> write)
    {
        var bytes = Message(write);
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(bytes));
    }

    // The request as the schema before --center-crop and --feature-norm wrote it: those fields are absent.
    private static byte[] PreviousLayoutRequest(Action<CodedOutputStream>? extra = null) => Message(o =>
    {
        Nested(o, 1, input =>
        {
            input.WriteTag(1, WireFormat.WireType.LengthDelimited); input.WriteString("/data/Galaxy10.h5");   // images_path
            input.WriteTag(3, WireFormat.WireType.LengthDelimited); input.WriteString("images");              // images_dataset
            input.WriteTag(7, WireFormat.WireType.LengthDelimited); input.WriteString("coarse");              // labels_dataset
        });
        Nested(o, 2, embedding =>
        {
            embedding.WriteTag(3, WireFormat.WireType.Varint); embedding.WriteInt32(96);                      // input_size
            embedding.WriteTag(4, WireFormat.WireType.Varint); embedding.WriteInt32(1);                       // precision int8
        });
        Nested(o, 3, analysis =>
        {
            analysis.WriteTag(1, WireFormat.WireType.Fixed64); analysis.WriteDouble(0.8);                     // variance
            analysis.WriteTag(2, WireFormat.WireType.Varint); analysis.WriteInt32(4);                         // k
        });
        o.WriteTag(4, WireFormat.WireType.LengthDelimited); o.WriteString("/results/old");                    // output_directory
        extra?.Invoke(o);
    });

    [Fact]
    public void Job_request_without_the_newer_fields_reads_with_the_options_models_defaults()
    {
        var request = ((SubmitJob)Serializer.FromBinary(PreviousLayoutRequest(), Serializer.Manifest(new SubmitJob(TestRequest)))).Request;

        Assert.Equal("/data/Galaxy10.h5", request.Input.ImagesPath);
        Assert.Equal("coarse", request.Input.Labels.Dataset);
        Assert.Equal(96, request.Embedding.InputSize);
        Assert.Equal(EmbeddingPrecision.Int8, request.Embedding.Precision);
        Assert.Equal(0.8, request.Analysis.Variance);
        Assert.Equal(4, request.Analysis.K);
        Assert.Equal("/results/old", request.OutputDirectory);
        // Absent fields are the model's defaults, not protobuf's zeros.
        var defaults = new JobRequest { Input = new JobInput(), OutputDirectory = "" };
        Assert.Equal(defaults.Embedding.CenterCrop, request.Embedding.CenterCrop);
        Assert.Equal(defaults.Analysis.FeatureNorm, request.Analysis.FeatureNorm);
        Assert.Equal(defaults.Analysis.Knn, request.Analysis.Knn);
        Assert.Equal(defaults.Analysis.KMax, request.Analysis.KMax);
        Assert.Equal(defaults.Analysis.NInit, request.Analysis.NInit);
        Assert.Equal(defaults.Analysis.Eigenvalues, request.Analysis.Eigenvalues);
        Assert.Equal(defaults.Analysis.Seed, request.Analysis.Seed);
        Assert.Equal(defaults.Input.FeaturesDataset, request.Input.FeaturesDataset);
        Assert.Empty(request.Problems());
    }

    [Fact]
    public void Job_request_with_a_field_this_node_does_not_know_still_reads()
    {
        var bytes = PreviousLayoutRequest(o =>
        {
            o.WriteTag(99, WireFormat.WireType.LengthDelimited); o.WriteString("a field from a newer node");
            o.WriteTag(100, WireFormat.WireType.Varint); o.WriteInt64(7);
        });
        var request = ((SubmitJob)Serializer.FromBinary(bytes, Serializer.Manifest(new SubmitJob(TestRequest)))).Request;
        Assert.Equal("/results/old", request.OutputDirectory);
        Assert.Equal(4, request.Analysis.K);
    }

    [Fact]
    public void An_enum_value_this_node_does_not_know_is_a_problem_naming_the_option()
    {
        var bytes = Message(o =>
        {
            Nested(o, 1, input => { input.WriteTag(2, WireFormat.WireType.LengthDelimited); input.WriteString("/f.h5"); });
            Nested(o, 3, analysis => { analysis.WriteTag(9, WireFormat.WireType.Varint); analysis.WriteInt32(7); }); // feature_norm 7
            o.WriteTag(4, WireFormat.WireType.LengthDelimited); o.WriteString("/out");
        });
        var request = ((SubmitJob)Serializer.FromBinary(bytes, Serializer.Manifest(new SubmitJob(TestRequest)))).Request;
        Assert.Equal((FeatureNorm)7, request.Analysis.FeatureNorm);
        Assert.Contains(request.Problems(), p => p.StartsWith("--feature-norm", StringComparison.Ordinal));
    }

    [Fact]
    public void Bytes_that_are_not_protobuf_are_a_serialization_error()
    {
        Assert.Throws<System.Runtime.Serialization.SerializationException>(() =>
            Serializer.FromBinary([0xFF, 0xFF, 0xFF], Serializer.Manifest(new SubmitJob(TestRequest))));
    }

    private static readonly JobRequest TestRequest = new() { Input = new JobInput { ImagesPath = "/x.h5" }, OutputDirectory = "/o" };
}
