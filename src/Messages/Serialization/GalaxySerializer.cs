using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;
using GalaxyActors.Messages.Jobs;
using GalaxyActors.Messages.Slices;

namespace GalaxyActors.Messages.Serialization;

/// <summary>
/// The one serializer for every <see cref="IGalaxyMessage"/>: a two-letter manifest per type and a hand-written
/// binary layout (little-endian scalars, length-prefixed UTF-8 strings, bulk arrays as raw bytes). No reflection and
/// no type names on the wire, so a renamed class cannot break a running cluster and nothing but our types can be
/// materialised. Manifests are part of the wire contract: never reuse or change one.
/// </summary>
public sealed class GalaxySerializer : SerializerWithStringManifest
{
    /// <summary>Akka serializer id; ids below 100 are Akka's own.</summary>
    public const int SerializerId = 7100;

    private delegate object Reader(ref WireReader r);

    private sealed record Codec(string Manifest, Action<WireWriter, object> Write, Reader Read);

    private static readonly Dictionary<Type, Codec> ByType = new();
    private static readonly Dictionary<string, Codec> ByManifest = new(StringComparer.Ordinal);

    public GalaxySerializer(ExtendedActorSystem system) : base(system) { }

    public override int Identifier => SerializerId;

    /// <summary>Every message type this serializer knows (the round-trip tests check it covers the assembly).</summary>
    public static IReadOnlyCollection<Type> KnownTypes => ByType.Keys;

    public override string Manifest(object o) => CodecOf(o).Manifest;

    public override byte[] ToBinary(object obj)
    {
        var codec = CodecOf(obj);
        using var w = new WireWriter();
        codec.Write(w, obj);
        return w.ToArray();
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        if (!ByManifest.TryGetValue(manifest, out var codec))
            throw new SerializationException($"GalaxySerializer: unknown manifest '{manifest}'.");
        var r = new WireReader(bytes);
        var message = codec.Read(ref r);
        if (!r.AtEnd) throw new SerializationException($"GalaxySerializer: trailing bytes after a '{manifest}' message.");
        return message;
    }

    private static Codec CodecOf(object o) =>
        ByType.TryGetValue(o.GetType(), out var codec)
            ? codec
            : throw new SerializationException($"GalaxySerializer cannot serialize {o.GetType().FullName}: no codec registered.");

    private static void Register<T>(string manifest, Action<WireWriter, T> write, Reader read) where T : IGalaxyMessage
    {
        var codec = new Codec(manifest, (w, o) => write(w, (T)o), read);
        ByType.Add(typeof(T), codec);
        ByManifest.Add(manifest, codec);
    }

    static GalaxySerializer()
    {
        // ---- jobs ----
        Register<SubmitJob>("SJ", (w, m) => WriteSpec(w, m.Spec), (ref WireReader r) => new SubmitJob(ReadSpec(ref r)));
        Register<JobAccepted>("JA", (w, m) => { w.String(m.JobId); w.Int32(m.QueuePosition); },
            (ref WireReader r) => new JobAccepted(r.String(), r.Int32()));
        Register<JobRejected>("JR", (w, m) => w.String(m.Reason), (ref WireReader r) => new JobRejected(r.String()));
        Register<JobProgress>("JP", (w, m) => { w.String(m.JobId); w.String(m.Phase); w.Int64(m.Done); w.Int64(m.Total); w.NullableDouble(m.EtaSeconds); },
            (ref WireReader r) => new JobProgress(r.String(), r.String(), r.Int64(), r.Int64(), r.NullableDouble()));
        Register<JobCompleted>("JC", (w, m) => { w.String(m.JobId); w.String(m.OutDir); w.String(m.SummaryJson); },
            (ref WireReader r) => new JobCompleted(r.String(), r.String(), r.String()));
        Register<JobFailed>("JF", (w, m) => { w.String(m.JobId); w.String(m.Reason); },
            (ref WireReader r) => new JobFailed(r.String(), r.String()));
        Register<WatchJob>("JW", (w, m) => w.String(m.JobId), (ref WireReader r) => new WatchJob(r.String()));

        // ---- slice health and lifecycle ----
        Register<PingSlice>("SP", (w, m) => WriteSlice(w, m.Slice), (ref WireReader r) => new PingSlice(ReadSlice(ref r)));
        Register<SlicePong>("SO", (w, m) => { WriteSlice(w, m.Slice); w.String(m.NodeAddress); },
            (ref WireReader r) => new SlicePong(ReadSlice(ref r), r.String()));
        Register<ReleaseSlice>("SX", (w, m) => WriteSlice(w, m.Slice), (ref WireReader r) => new ReleaseSlice(ReadSlice(ref r)));

        // ---- embedding ----
        Register<EmbedSlice>("SE", (w, m) => { WriteSlice(w, m.Slice); w.String(m.InputPath); w.String(m.ImagesDataset); w.String(m.ModelPath); w.Byte((byte)m.Tta);
                w.NullableInt32(m.InputSize); w.Byte((byte)m.Precision); w.Byte((byte)m.ExecutionProvider); },
            (ref WireReader r) => new EmbedSlice(ReadSlice(ref r), r.String(), r.String(), r.NullableString(), (TtaMode)r.Byte(),
                r.NullableInt32(), (Precision)r.Byte(), (ExecutionProvider)r.Byte()));
        Register<LoadSliceFeatures>("SL", (w, m) => { WriteSlice(w, m.Slice); w.String(m.FeaturesPath); w.String(m.FeaturesDataset); },
            (ref WireReader r) => new LoadSliceFeatures(ReadSlice(ref r), r.String(), r.String()));
        Register<SliceFeaturesHeld>("SH", (w, m) => { WriteSlice(w, m.Slice); w.Int32(m.Dim); }, (ref WireReader r) => new SliceFeaturesHeld(ReadSlice(ref r), r.Int32()));
        Register<SliceFeaturesMissing>("SN", (w, m) => WriteSlice(w, m.Slice), (ref WireReader r) => new SliceFeaturesMissing(ReadSlice(ref r)));
        Register<SliceEmbedded>("SF", (w, m) => { WriteSlice(w, m.Slice); w.Int32(m.FeatureDim); w.Int32(m.RowOffset); w.Int32(m.ChunkIndex); w.Int32(m.ChunkCount); w.Floats(m.Features); },
            (ref WireReader r) => new SliceEmbedded(ReadSlice(ref r), r.Int32(), r.Int32(), r.Int32(), r.Int32(), r.Floats()));
        Register<SliceEmbedderInfo>("SM", (w, m) => { WriteSlice(w, m.Slice); w.String(m.ModelName); w.Int32(m.FeatureDim); w.String(m.Preprocessing); },
            (ref WireReader r) => new SliceEmbedderInfo(ReadSlice(ref r), r.String(), r.Int32(), r.String()));
        Register<SliceFailed>("SZ", (w, m) => { WriteSlice(w, m.Slice); w.String(m.Reason); },
            (ref WireReader r) => new SliceFailed(ReadSlice(ref r), r.String()));

        // ---- PCA ----
        Register<ComputePcaStats>("PC", (w, m) => { WriteSlice(w, m.Slice); w.Int32(m.ChunkIndex); }, (ref WireReader r) => new ComputePcaStats(ReadSlice(ref r), r.Int32()));
        Register<PcaStatsPart>("PS", (w, m) => { WriteSlice(w, m.Slice); w.Int64(m.Rows); w.Int32(m.Dim); w.Int32(m.ChunkIndex); w.Int32(m.ChunkCount); w.Doubles(m.Sum); w.Int32(m.ScatterRowStart); w.Doubles(m.Scatter); },
            (ref WireReader r) => new PcaStatsPart(ReadSlice(ref r), r.Int64(), r.Int32(), r.Int32(), r.Int32(), r.Doubles(), r.Int32(), r.Doubles()));
        Register<ProjectSlice>("PP", (w, m) => { WriteSlice(w, m.Slice); w.Int32(m.Dim); w.Int32(m.ComponentCount); w.Int32(m.ChunkIndex); w.Int32(m.ChunkCount); w.Int32(m.FirstComponent); w.Floats(m.Components); w.Floats(m.Mean); },
            (ref WireReader r) => new ProjectSlice(ReadSlice(ref r), r.Int32(), r.Int32(), r.Int32(), r.Int32(), r.Int32(), r.Floats(), r.Floats()));
        Register<SliceProjected>("PD", (w, m) => { WriteSlice(w, m.Slice); w.Int32(m.Components); },
            (ref WireReader r) => new SliceProjected(ReadSlice(ref r), r.Int32()));
        Register<SendReducedRows>("RS", (w, m) => { WriteSlice(w, m.Slice); w.Int32(m.ChunkIndex); }, (ref WireReader r) => new SendReducedRows(ReadSlice(ref r), r.Int32()));
        Register<ReducedRows>("RR", (w, m) => { WriteSlice(w, m.Slice); w.Int32(m.Dim); w.Int32(m.RowOffset); w.Int32(m.ChunkIndex); w.Int32(m.ChunkCount); w.Floats(m.Points); },
            (ref WireReader r) => new ReducedRows(ReadSlice(ref r), r.Int32(), r.Int32(), r.Int32(), r.Int32(), r.Floats()));

        // ---- K-means ----
        Register<HoldReducedRows>("KH", (w, m) => { WriteSlice(w, m.Slice); w.Int32(m.Dim); w.Floats(m.Points); },
            (ref WireReader r) => new HoldReducedRows(ReadSlice(ref r), r.Int32(), r.Floats()));
        Register<ReducedRowsMissing>("KM", (w, m) => WriteSlice(w, m.Slice), (ref WireReader r) => new ReducedRowsMissing(ReadSlice(ref r)));
        Register<KMeansStep>("KS", (w, m) => { WriteSlice(w, m.Slice); w.Int32(m.Iteration); w.Int32(m.Dim); w.Int32s(m.Ks); w.Floats(m.Centroids); w.Int32s(m.Rows); },
            (ref WireReader r) => new KMeansStep(ReadSlice(ref r), r.Int32(), r.Int32(), r.Int32s(), r.Floats(), r.Int32s()));
        Register<KMeansStepResult>("KR", (w, m) => { WriteSlice(w, m.Slice); w.Int32(m.Iteration); w.Int32(m.Dim); w.Int32s(m.Ks); w.Doubles(m.Sums); w.Int64s(m.Counts); w.Doubles(m.Sse); },
            (ref WireReader r) => new KMeansStepResult(ReadSlice(ref r), r.Int32(), r.Int32(), r.Int32s(), r.Doubles(), r.Int64s(), r.Doubles()));
        Register<AssignSlice>("KA", (w, m) => { WriteSlice(w, m.Slice); w.Int32(m.Dim); w.Int32s(m.Ks); w.Floats(m.Centroids); },
            (ref WireReader r) => new AssignSlice(ReadSlice(ref r), r.Int32(), r.Int32s(), r.Floats()));
        Register<SliceAssigned>("KL", (w, m) => { WriteSlice(w, m.Slice); w.Int32s(m.Ks); w.Int32s(m.Labels); w.Doubles(m.Sums); w.Int64s(m.Counts); w.Doubles(m.Sse); },
            (ref WireReader r) => new SliceAssigned(ReadSlice(ref r), r.Int32s(), r.Int32s(), r.Doubles(), r.Int64s(), r.Doubles()));

        // ---- kNN ----
        Register<KnnQuery>("NQ", (w, m) => { WriteSlice(w, m.Slice); w.Int32(m.Neighbors); w.Int32(m.Dim); w.Int32(m.BlockIndex); w.Int32(m.BlockCount); w.Int64(m.BlockStart); w.Floats(m.Points); },
            (ref WireReader r) => new KnnQuery(ReadSlice(ref r), r.Int32(), r.Int32(), r.Int32(), r.Int32(), r.Int64(), r.Floats()));
        Register<KnnPart>("NP", (w, m) => { WriteSlice(w, m.Slice); w.Int32(m.Neighbors); w.Int32s(m.Ids); w.Doubles(m.SquaredDistances); },
            (ref WireReader r) => new KnnPart(ReadSlice(ref r), r.Int32(), r.Int32s(), r.Doubles()));

        // ---- routing ----
        Register<SliceEnvelope>("EV", WriteEnvelope, ReadEnvelope);
    }

    private static void WriteSlice(WireWriter w, SliceRef s)
    {
        w.String(s.JobId);
        w.Int32(s.SliceIndex);
        w.Int64(s.Start);
        w.Int32(s.Count);
    }

    private static SliceRef ReadSlice(ref WireReader r) => new(r.String(), r.Int32(), r.Int64(), r.Int32());

    private static void WriteSpec(WireWriter w, JobSpec s)
    {
        w.String(s.InputPath); w.String(s.ImagesDataset); w.String(s.LabelsDataset); w.String(s.LabelsPath);
        w.String(s.FeaturesPath); w.String(s.FeaturesDataset); w.String(s.OutDir); w.String(s.ModelPath);
        w.Double(s.Variance); w.NullableInt32(s.K); w.Int32(s.KMax); w.Int32(s.Neighbors); w.Int32(s.Eigenvalues);
        w.Int32(s.SliceSize); w.NullableInt32(s.Limit); w.Int32(s.Seed); w.Byte((byte)s.Tta); w.Int32(s.NInit);
        w.NullableInt32(s.InputSize); w.Byte((byte)s.Precision); w.Byte((byte)s.ExecutionProvider);
    }

    private static JobSpec ReadSpec(ref WireReader r) => new(
        InputPath: r.NullableString(), ImagesDataset: r.String(), LabelsDataset: r.NullableString(),
        LabelsPath: r.NullableString(), FeaturesPath: r.NullableString(), FeaturesDataset: r.String(),
        OutDir: r.String(), ModelPath: r.NullableString(), Variance: r.Double(), K: r.NullableInt32(),
        KMax: r.Int32(), Neighbors: r.Int32(), Eigenvalues: r.Int32(), SliceSize: r.Int32(),
        Limit: r.NullableInt32(), Seed: r.Int32(), Tta: (TtaMode)r.Byte(), NInit: r.Int32(),
        InputSize: r.NullableInt32(), Precision: (Precision)r.Byte(), ExecutionProvider: (ExecutionProvider)r.Byte());

    // The payload goes through this same serializer (manifest + bytes), so an envelope can only carry our types.
    private static void WriteEnvelope(WireWriter w, SliceEnvelope m)
    {
        var codec = CodecOf(m.Payload);
        w.String(m.EntityId);
        w.String(codec.Manifest);
        using var inner = new WireWriter();
        codec.Write(inner, m.Payload);
        w.Bytes(inner.ToArray());
    }

    private static object ReadEnvelope(ref WireReader r)
    {
        string entityId = r.String();
        string manifest = r.String();
        if (!ByManifest.TryGetValue(manifest, out var codec))
            throw new SerializationException($"GalaxySerializer: unknown manifest '{manifest}' inside a SliceEnvelope.");
        var inner = new WireReader(r.Bytes());
        var payload = (IGalaxyMessage)codec.Read(ref inner);
        if (!inner.AtEnd) throw new SerializationException($"GalaxySerializer: trailing bytes in an enveloped '{manifest}'.");
        return new SliceEnvelope(entityId, payload);
    }
}
