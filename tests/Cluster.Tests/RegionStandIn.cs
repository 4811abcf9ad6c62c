using Akka.Actor;
using Akka.Cluster.Sharding;
using GalaxyActors.Hosting.Workers;
using GalaxyActors.Messages.Slices;

namespace GalaxyActors.Cluster.Tests;

/// <summary>
/// Stands in for the slice shard region inside one plain ActorSystem: routes each <see cref="ISliceMessage"/> to a
/// real <see cref="SliceActor"/> per entity id (made on first use); a passivating entity is stopped and forgotten, so
/// the next message re-creates it empty, as sharding does on another node. For fault tests it can swallow the first
/// <c>embedsLost</c> <see cref="EmbedSlice"/>s of every slice (a node that died with them), and answer
/// slice <c>failingSlice</c>'s embedding with <see cref="SliceFailed"/>.
/// </summary>
public sealed class RegionStandIn : ReceiveActor
{
    private readonly Dictionary<string, IActorRef> _entities = new(StringComparer.Ordinal);
    private readonly Dictionary<int, int> _embedsSeen = [];
    private int _created;

    public RegionStandIn(int embedsLost = 0, int? failingSlice = null)
    {
        Receive<EmbedSlice>(embed =>
        {
            int seen = _embedsSeen[embed.Slice.SliceIndex] = _embedsSeen.GetValueOrDefault(embed.Slice.SliceIndex) + 1;
            if (seen <= embedsLost) return;
            if (embed.Slice.SliceIndex == failingSlice)
            {
                Sender.Tell(new SliceFailed(embed.Slice, "scripted failure: the file went away"));
                return;
            }
            Route(embed);
        });
        Receive<ISliceMessage>(Route);
        Receive<Passivate>(_ =>
        {
            foreach (var (id, entity) in _entities.Where(e => e.Value.Equals(Sender)).ToList()) _entities.Remove(id);
            Context.Stop(Sender);
        });
    }

    public static Props PropsFor(int embedsLost = 0, int? failingSlice = null) =>
        Props.Create(() => new RegionStandIn(embedsLost, failingSlice));

    private void Route(ISliceMessage message)
    {
        if (!_entities.TryGetValue(message.Slice.EntityId, out var entity))
            _entities[message.Slice.EntityId] = entity = Context.ActorOf(SliceActor.PropsFor(message.Slice.EntityId), "entity-" + ++_created);
        entity.Forward(message);
    }
}
