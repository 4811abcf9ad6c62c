using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;
using GalaxyActors.Core.Linalg;
using Google.Protobuf;
using GalaxyActors.Messages.Jobs;
using GalaxyActors.Messages.Protos;
using GalaxyActors.Messages.Slices;

namespace GalaxyActors.Messages.Serialization;

/// <summary>
/// The one serializer for every <see cref="IGalaxyMessage"/>, with a short manifest per type. Control messages (job
/// requests, progress, results metadata, a slice's embedding order and its answer) are protobuf (Protos/control.proto,
/// mapped by <see cref="ControlWire"/>): fields can be added without breaking nodes of the previous version. Bulk
/// messages keep a hand-written binary layout (little-endian scalars, length-prefixed UTF-8 strings, arrays as raw
/// bytes) that costs nothing to encode. No reflection and no type names on the wire, so a renamed class cannot break a
/// running cluster and nothing but our types can be materialised. Manifests are part of the wire contract: never reuse
/// or change one (a message whose layout changed gets a new manifest; retired ones are listed below).
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

    // A control message: protobuf bytes of TProto, all of the payload.
    private static void RegisterProto<T, TProto>(string manifest, Func<T, TProto> toProto, Func<TProto, T> fromProto, MessageParser<TProto> parser)
        where T : IGalaxyMessage where TProto : IMessage<TProto>
    {
        Register<T>(manifest, (w, m) => w.Raw(toProto(m).ToByteArray()), (ref WireReader r) =>
        {
            try
            {
                return fromProto(parser.ParseFrom(r.Rest()));
            }
            catch (InvalidProtocolBufferException e)
            {
                throw new SerializationException($"GalaxySerializer: a '{manifest}' message is not valid protobuf: {e.Message}", e);
            }
        });
    }

    private static void Register<T>(string manifest, Action<WireWriter, T> write, Reader read) where T : IGalaxyMessage
    {
        var codec = new Codec(manifest, (w, o) => write(w, (T)o), read);
        ByType.Add(typeof(T), codec);
        ByManifest.Add(manifest, codec);
    }

    static GalaxySerializer()
    {
        // Retired manifests (layouts before protobuf; never reuse): SJ JA JR JP JC JF JW SE SM SZ PC PP EV.

        // ---- jobs (protobuf) ----
        RegisterProto<SubmitJob, JobRequestProto>("J1", SubmitToProto, p => new SubmitJob(ControlWire.FromProto(p), p.HasSubmitCredential ? p.SubmitCredential : null), JobRequestProto.Parser);
        RegisterProto<JobAccepted, JobAcceptedProto>("J2", m => new() { JobId = m.JobId, QueuePosition = m.QueuePosition, CoordinatorPath = m.CoordinatorPath },
            p => new JobAccepted(p.JobId, p.QueuePosition, p.CoordinatorPath), JobAcceptedProto.Parser);
        RegisterProto<JobRejected, JobRejectedProto>("J3", m => new() { Reason = m.Reason }, p => new JobRejected(p.Reason), JobRejectedProto.Parser);
        RegisterProto<JobProgress, JobProgressProto>("J4", m =>
            {
                var p = new JobProgressProto { JobId = m.JobId, Phase = m.Phase, Done = m.Done, Total = m.Total };
                if (m.EtaSeconds is { } eta) p.EtaSeconds = eta;
                return p;
            },
            p => new JobProgress(p.JobId, p.Phase, p.Done, p.Total, p.HasEtaSeconds ? p.EtaSeconds : null), JobProgressProto.Parser);
        RegisterProto<JobCompleted, JobCompletedProto>("J5", m => new() { JobId = m.JobId, OutDir = m.OutDir, SummaryJson = m.SummaryJson },
            p => new JobCompleted(p.JobId, p.OutDir, p.SummaryJson), JobCompletedProto.Parser);
        RegisterProto<JobFailed, JobFailedProto>("J6", m => new() { JobId = m.JobId, Reason = m.Reason }, p => new JobFailed(p.JobId, p.Reason), JobFailedProto.Parser);
        RegisterProto<WatchJob, WatchJobProto>("J7", m => new() { JobId = m.JobId }, p => new WatchJob(p.JobId), WatchJobProto.Parser);
        RegisterProto<CancelJob, CancelJobProto>("J8", m =>
            {
                var p = new CancelJobProto { JobId = m.JobId };
                if (m.Credential is { } credential) p.SubmitCredential = credential;
                return p;
            },
            p => new CancelJob(p.JobId, p.HasSubmitCredential ? p.SubmitCredential : null), CancelJobProto.Parser);

        // ---- slice health and lifecycle ----
        Register<PingSlice>("SP", (w, m) => WriteSlice(w, m.Slice), (ref WireReader r) => new PingSlice(ReadSlice(ref r)));
        Register<SlicePong>("SO", (w, m) => { WriteSlice(w, m.Slice); w.String(m.NodeAddress); },
            (ref WireReader r) => new SlicePong(ReadSlice(ref r), r.String()));
        Register<ReleaseSlice>("SX", (w, m) => WriteSlice(w, m.Slice), (ref WireReader r) => new ReleaseSlice(ReadSlice(ref r)));

        // ---- embedding ----
        RegisterProto<EmbedSlice, EmbedSliceProto>("E1",
            m => new() { Slice = ControlWire.ToProto(m.Slice), ImagesPath = m.ImagesPath, ImagesDataset = m.ImagesDataset, Embedding = ControlWire.ToProto(m.Embedding) },
            p => new EmbedSlice(ControlWire.FromProto(p.Slice), p.ImagesPath, p.ImagesDataset, ControlWire.FromProto(p.Embedding ?? new EmbeddingProto())),
            EmbedSliceProto.Parser);
        Register<LoadSliceFeatures>("SL", (w, m) => { WriteSlice(w, m.Slice); w.String(m.FeaturesPath); w.String(m.FeaturesDataset); },
            (ref WireReader r) => new LoadSliceFeatures(ReadSlice(ref r), r.String(), r.String()));
        Register<SliceFeaturesHeld>("SH", (w, m) => { WriteSlice(w, m.Slice); w.Int32(m.Dim); }, (ref WireReader r) => new SliceFeaturesHeld(ReadSlice(ref r), r.Int32()));
        Register<SliceFeaturesMissing>("SN", (w, m) => WriteSlice(w, m.Slice), (ref WireReader r) => new SliceFeaturesMissing(ReadSlice(ref r)));
        Register<SliceEmbedded>("SF", (w, m) => { WriteSlice(w, m.Slice); w.Int32(m.FeatureDim); w.Int32(m.RowOffset); w.Int32(m.ChunkIndex); w.Int32(m.ChunkCount); w.Floats(m.Features); },
            (ref WireReader r) => new SliceEmbedded(ReadSlice(ref r), r.Int32(), r.Int32(), r.Int32(), r.Int32(), r.Floats()));
        Register<SliceMorphology>("SG", (w, m) => { WriteSlice(w, m.Slice); w.Int32(m.Quantities); w.Floats(m.Values); },
            (ref WireReader r) => new SliceMorphology(ReadSlice(ref r), r.Int32(), r.Floats()));
        RegisterProto<SliceEmbedderInfo, SliceEmbedderInfoProto>("E2",
            m => new() { Slice = ControlWire.ToProto(m.Slice), ModelName = m.ModelName, FeatureDim = m.FeatureDim, Preprocessing = m.Preprocessing },
            p => new SliceEmbedderInfo(ControlWire.FromProto(p.Slice), p.ModelName, p.FeatureDim, p.Preprocessing), SliceEmbedderInfoProto.Parser);
        RegisterProto<SliceFailed, SliceFailedProto>("E3", m => new() { Slice = ControlWire.ToProto(m.Slice), Reason = m.Reason },
            p => new SliceFailed(ControlWire.FromProto(p.Slice), p.Reason), SliceFailedProto.Parser);

        // ---- PCA ----
        Register<ComputePcaStats>("P2", (w, m) => { WriteSlice(w, m.Slice); w.Int32(m.ChunkIndex); w.Byte((byte)m.Norm); },
            (ref WireReader r) => new ComputePcaStats(ReadSlice(ref r), r.Int32(), (FeatureNorm)r.Byte()));
        Register<PcaStatsPart>("PS", (w, m) => { WriteSlice(w, m.Slice); w.Int64(m.Rows); w.Int32(m.Dim); w.Int32(m.ChunkIndex); w.Int32(m.ChunkCount); w.Doubles(m.Sum); w.Int32(m.ScatterRowStart); w.Doubles(m.Scatter); },
            (ref WireReader r) => new PcaStatsPart(ReadSlice(ref r), r.Int64(), r.Int32(), r.Int32(), r.Int32(), r.Doubles(), r.Int32(), r.Doubles()));
        Register<ProjectSlice>("P3", (w, m) => { WriteSlice(w, m.Slice); w.Int32(m.Dim); w.Int32(m.ComponentCount); w.Int32(m.ChunkIndex); w.Int32(m.ChunkCount); w.Int32(m.FirstComponent); w.Floats(m.Components); w.Floats(m.Mean); w.Byte((byte)m.Norm); },
            (ref WireReader r) => new ProjectSlice(ReadSlice(ref r), r.Int32(), r.Int32(), r.Int32(), r.Int32(), r.Int32(), r.Floats(), r.Floats(), (FeatureNorm)r.Byte()));
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
        Register<KnnSearch>("NS", (w, m) =>
            {
                WriteSlice(w, m.Slice); w.Int32(m.Neighbors); w.Int32(m.Dim); w.Int32(m.Rows); w.Int64(m.PointsKey); w.Int32(m.First); w.Int32(m.Count);
            },
            (ref WireReader r) => new KnnSearch(ReadSlice(ref r), r.Int32(), r.Int32(), r.Int32(), r.Int64(), r.Int32(), r.Int32()));
        Register<KnnPointsMissing>("NM", (w, m) => { WriteSlice(w, m.Slice); w.String(m.Node); },
            (ref WireReader r) => new KnnPointsMissing(ReadSlice(ref r), r.String()));
        Register<HoldKnnPoints>("NH", (w, m) =>
            {
                WriteSlice(w, m.Slice); w.Int64(m.PointsKey); w.Int32(m.Rows); w.Int32(m.Dim); w.Int32(m.BlockIndex); w.Int32(m.BlockCount);
                w.Int64(m.BlockStart); w.Floats(m.Points);
            },
            (ref WireReader r) => new HoldKnnPoints(ReadSlice(ref r), r.Int64(), r.Int32(), r.Int32(), r.Int32(), r.Int32(), r.Int64(), r.Floats()));
        Register<KnnPointsHeld>("NK", (w, m) => { WriteSlice(w, m.Slice); w.Int32(m.BlockIndex); },
            (ref WireReader r) => new KnnPointsHeld(ReadSlice(ref r), r.Int32()));
        Register<KnnPart>("NP", (w, m) => { WriteSlice(w, m.Slice); w.Int32(m.Neighbors); w.Int32s(m.Points); w.Int32s(m.Ids); w.Doubles(m.SquaredDistances); },
            (ref WireReader r) => new KnnPart(ReadSlice(ref r), r.Int32(), r.Int32s(), r.Int32s(), r.Doubles()));
    }

    private static void WriteSlice(WireWriter w, SliceRef s)
    {
        w.String(s.JobId);
        w.Int32(s.SliceIndex);
        w.Int64(s.Start);
        w.Int32(s.Count);
    }

    private static SliceRef ReadSlice(ref WireReader r) => new(r.String(), r.Int32(), r.Int64(), r.Int32());

    private static JobRequestProto SubmitToProto(SubmitJob submit)
    {
        var proto = ControlWire.ToProto(submit.Request);
        if (submit.Credential is { } credential) proto.SubmitCredential = credential;
        return proto;
    }
}
