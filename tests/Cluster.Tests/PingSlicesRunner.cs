using System.Text.Json;
using Akka.Actor;
using GalaxyActors.Core.Jobs;
using GalaxyActors.Messages.Jobs;
using GalaxyActors.Messages.Slices;

namespace GalaxyActors.Cluster.Tests;

/// <summary>
/// A job runner for tests that does real cluster work without the compute library: it plans the job's slices from
/// --limit and --slice-size, pings every slice entity through the shard region, reports progress per reply, and
/// completes with a summary naming the nodes that answered.
/// </summary>
public sealed class PingSlicesRunner : ReceiveActor
{
    private readonly HashSet<int> _pending = [];
    private readonly SortedSet<string> _nodes = new(StringComparer.Ordinal);

    public PingSlicesRunner(string jobId, JobRequest request, IActorRef sliceRegion)
    {
        int total = request.Input.Limit ?? 0;
        int sliceSize = request.Analysis.SliceSize;
        int slices = (total + sliceSize - 1) / sliceSize;
        for (int i = 0; i < slices; i++)
        {
            _pending.Add(i);
            long start = (long)i * sliceSize;
            sliceRegion.Tell(new PingSlice(new SliceRef(jobId, i, start, (int)Math.Min(sliceSize, total - start))));
        }

        Receive<SlicePong>(pong =>
        {
            if (!_pending.Remove(pong.Slice.SliceIndex)) return;
            _nodes.Add(pong.NodeAddress);
            Context.Parent.Tell(new JobProgress(jobId, "ping", slices - _pending.Count, slices, null));
            if (_pending.Count == 0)
            {
                string summary = JsonSerializer.Serialize(new { cluster = new { slices, nodes = _nodes } });
                Context.Parent.Tell(new JobCompleted(jobId, request.OutputDirectory, summary));
            }
        });
    }

    public static Props Factory(string jobId, JobRequest request, IActorRef sliceRegion) =>
        Props.Create(() => new PingSlicesRunner(jobId, request, sliceRegion));
}
