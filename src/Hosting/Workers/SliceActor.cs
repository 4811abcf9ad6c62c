using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Event;
using GalaxyActors.Messages.Slices;

namespace GalaxyActors.Hosting.Workers;

/// <summary>
/// The sharding entity for one slice of one job (<c>{jobId}/slice-{i}</c>), hosted on worker nodes and run on
/// <see cref="GalaxyDispatchers.Compute"/>. It will hold the slice's features and serve every phase for its rows;
/// today it answers health pings and releases itself when the job is done with it.
/// </summary>
public sealed class SliceActor : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public SliceActor(string entityId)
    {
        EntityId = entityId;
        Receive<PingSlice>(ping => Sender.Tell(new SlicePong(ping.Slice, Cluster.Get(Context.System).SelfAddress.ToString())));
        Receive<ReleaseSlice>(release =>
        {
            _log.Debug("Slice {EntityId} released", EntityId);
            // Ask the shard to stop us so messages already in flight to this entity are not lost (a plain Stop would drop them).
            Context.Parent.Tell(new Passivate(PoisonPill.Instance));
        });
    }

    /// <summary>This entity's id, <c>{jobId}/slice-{i}</c>.</summary>
    public string EntityId { get; }

    /// <summary>Props for the entity <paramref name="entityId"/>, on the compute dispatcher.</summary>
    public static Props PropsFor(string entityId) =>
        Props.Create(() => new SliceActor(entityId)).WithDispatcher(GalaxyDispatchers.Compute);
}
