using System.Runtime.Serialization;
using Akka.Serialization;
using GalaxyActors.Messages.Serialization;
using GalaxyActors.Messages.Slices;

namespace GalaxyActors.Messages.Tests;

public sealed class GalaxySerializerTests(SerializationSystemFixture fixture) : IClassFixture<SerializationSystemFixture>
{
    private Akka.Serialization.Serialization Serialization => fixture.System.Serialization;

    private static readonly Type[] MessageTypes = typeof(IGalaxyMessage).Assembly.GetTypes()
        .Where(t => typeof(IGalaxyMessage).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
        .ToArray();

    public static TheoryData<string, IGalaxyMessage> Samples()
    {
        var data = new TheoryData<string, IGalaxyMessage>();
        int i = 0;
        foreach (var m in SampleMessages.All()) data.Add($"{i++}:{m.GetType().Name}", m);
        return data;
    }

    [Fact]
    public void Every_message_type_in_the_assembly_has_a_sample_and_a_codec()
    {
        Assert.NotEmpty(MessageTypes);
        var sampled = SampleMessages.All().Select(m => m.GetType()).ToHashSet();
        var withoutSample = MessageTypes.Where(t => !sampled.Contains(t)).Select(t => t.Name).ToArray();
        Assert.True(withoutSample.Length == 0, "message types without a round-trip sample: " + string.Join(", ", withoutSample));
        var withoutCodec = MessageTypes.Where(t => !GalaxySerializer.KnownTypes.Contains(t)).Select(t => t.Name).ToArray();
        Assert.True(withoutCodec.Length == 0, "message types without a codec: " + string.Join(", ", withoutCodec));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Message_survives_a_round_trip_through_akka_serialization(string name, IGalaxyMessage message)
    {
        var serializer = Serialization.FindSerializerFor(message);
        Assert.IsType<GalaxySerializer>(serializer);

        byte[] bytes = Serialization.Serialize(message);
        string manifest = Akka.Serialization.Serialization.ManifestFor(serializer, message);
        var back = Serialization.Deserialize(bytes, serializer.Identifier, manifest);

        StructuralEquality.AssertEqual(message, back, name);
    }

    [Fact]
    public void Manifests_are_short_and_distinct()
    {
        var serializer = (SerializerWithStringManifest)Serialization.FindSerializerForType(typeof(PingSlice));
        var manifests = SampleMessages.All().Select(m => m.GetType()).Distinct().Select(t =>
            serializer.Manifest(SampleMessages.All().First(m => m.GetType() == t))).ToArray();
        Assert.All(manifests, m => Assert.InRange(m.Length, 1, 3));
        Assert.Equal(manifests.Length, manifests.Distinct().Count());
    }

    [Fact]
    public void Feature_chunk_is_written_as_raw_little_endian_floats_and_fits_one_mebibyte_plus_header()
    {
        var features = new float[512 * 512];
        for (int i = 0; i < features.Length; i++) features[i] = i * 0.25f - 7f;
        var message = new SliceEmbedded(new SliceRef("j", 0, 0, 512), 512, 0, 0, 1, features);

        byte[] bytes = Serialization.Serialize(message);

        // The float block's bytes must appear verbatim (IEEE-754 little-endian), independent of our writer:
        byte[] expected = new byte[features.Length * 4];
        for (int i = 0; i < features.Length; i++)
            System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(expected.AsSpan(i * 4), features[i]);
        Assert.True(bytes.AsSpan().IndexOf(expected) >= 0, "the float block is not stored as raw little-endian bytes");
        Assert.InRange(bytes.Length, WireLimits.MaxPayloadBytes, WireLimits.MaxPayloadBytes + 128);
        Assert.True(bytes.Length < WireLimits.MaxFrameSizeBytes);
    }

    [Fact]
    public void Truncated_bytes_are_rejected_not_misread()
    {
        var message = new KnnPart(new SliceRef("job", 1, 0, 2), 1, [0, 1], [3, 4], [1.0, 2.0]);
        var serializer = (SerializerWithStringManifest)Serialization.FindSerializerFor(message);
        byte[] bytes = serializer.ToBinary(message);

        Assert.Throws<SerializationException>(() => serializer.FromBinary(bytes[..^3], serializer.Manifest(message)));
        Assert.Throws<SerializationException>(() => serializer.FromBinary([.. bytes, 0], serializer.Manifest(message)));
        Assert.Throws<SerializationException>(() => serializer.FromBinary(bytes, "??"));
    }

    private sealed record NotBound(int Value);

    [Fact]
    public void Strict_serialization_rejects_a_type_without_a_binding()
    {
        // With WithStrictSerialization() Akka has no System.Object fallback (the JSON serializer), so a type nobody
        // bound fails loudly here instead of travelling as JSON.
        Assert.ThrowsAny<Exception>(() => Serialization.FindSerializerFor(new NotBound(1)));
        Assert.ThrowsAny<Exception>(() => Serialization.Serialize(new NotBound(1)));
    }
}
