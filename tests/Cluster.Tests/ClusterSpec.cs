using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Cluster.Tools.Client;
using Akka.Hosting;
using GalaxyActors.Hosting;
using GalaxyActors.Messages.Jobs;
using GalaxyActors.Messages.Slices;
using Microsoft.Extensions.DependencyInjection;

namespace GalaxyActors.Cluster.Tests;

/// <summary>
/// The cluster end to end inside one process. TestKit's own ActorSystem is the outside program: it is not a member
/// and reaches the cluster only through a cluster client, as the `galaxy submit` CLI does.
/// </summary>
[Collection("cluster")]
public sealed class ClusterSpec(ThreeNodeCluster cluster) : Akka.TestKit.Xunit2.TestKit(TestConfig.OutsideClient), IClassFixture<ThreeNodeCluster>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public void Seed_and_two_workers_are_up_with_their_roles()
    {
        var members = Akka.Cluster.Cluster.Get(cluster.SeedSystem);
        AwaitAssert(() =>
        {
            var up = members.State.Members.Where(m => m.Status == MemberStatus.Up).ToList();
            Assert.Equal(3, up.Count);
            Assert.Single(up, m => m.HasRole(GalaxyRoles.Seed));
            Assert.Equal(2, up.Count(m => m.HasRole(GalaxyRoles.Worker)));
        }, Patience, TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void Slice_messages_are_routed_through_the_region_to_entities_on_both_workers_and_back()
    {
        var region = cluster.Seed.Services.GetRequiredService<ActorRegistry>().Get<SliceRegion>();
        var probe = CreateTestProbe(cluster.SeedSystem);

        // Wait until both workers' regions are registered with the shard coordinator, so new shards are spread.
        AwaitAssert(() =>
        {
            region.Tell(GetCurrentRegions.Instance, probe.Ref);
            Assert.Equal(2, probe.ExpectMsg<CurrentRegions>(TimeSpan.FromSeconds(5)).Regions.Count);
        }, Patience, TimeSpan.FromMilliseconds(250));

        const int slices = 24;
        for (int i = 0; i < slices; i++) region.Tell(new PingSlice(new SliceRef("job-routing", i, i * 512L, 512)), probe.Ref);
        var pongs = probe.ReceiveN(slices, Patience).Cast<SlicePong>().ToList();

        Assert.Equal(Enumerable.Range(0, slices), pongs.Select(p => p.Slice.SliceIndex).Order());
        var workerAddresses = cluster.Workers.Select(w => GalaxyHosts.AddressOf(w).ToString()).ToHashSet();
        Assert.Equal(workerAddresses, pongs.Select(p => p.NodeAddress).ToHashSet());

        // The same slice always answers from the same entity: a second ping reaches the node that hosts it.
        var first = pongs.Single(p => p.Slice.SliceIndex == 5);
        region.Tell(new PingSlice(first.Slice), probe.Ref);
        Assert.Equal(first.NodeAddress, probe.ExpectMsg<SlicePong>(Patience).NodeAddress);
    }

    [Fact]
    public void A_cluster_client_outside_the_cluster_submits_a_job_and_receives_its_progress_and_result()
    {
        var client = ClientToSeed();
        var job = TestJobs.ForImages("/data/sample.h5", "/results/ping");
        var spec = job with { Input = job.Input with { Limit = 2000 }, Analysis = job.Analysis with { SliceSize = 512 } };

        client.Tell(new ClusterClient.Send(GalaxyNames.CoordinatorServicePath, new SubmitJob(spec)), TestActor);

        var accepted = ExpectMsg<JobAccepted>(Patience);
        Assert.StartsWith("job-", accepted.JobId);
        Assert.DoesNotContain('/', accepted.JobId);
        Assert.Equal("started", ExpectMsg<JobProgress>(Patience).Phase);
        var progress = ReceiveN(4, Patience).Cast<JobProgress>().ToList();
        Assert.All(progress, p => Assert.Equal(("ping", 4L), (p.Phase, p.Total)));
        Assert.Equal([1L, 2, 3, 4], progress.Select(p => p.Done));
        var completed = ExpectMsg<JobCompleted>(Patience);
        Assert.Equal(accepted.JobId, completed.JobId);
        Assert.Equal("/results/ping", completed.OutDir);
        Assert.Contains("\"slices\":4", completed.SummaryJson);

        // A job that arrives after the result can still be asked about.
        client.Tell(new ClusterClient.Send(GalaxyNames.CoordinatorServicePath, new WatchJob(accepted.JobId)), TestActor);
        Assert.Equal(accepted.JobId, ExpectMsg<JobCompleted>(Patience).JobId);
    }

    [Fact]
    public async Task The_client_host_the_cli_uses_gets_a_rejection_naming_the_bad_option()
    {
        var options = new GalaxyClusterOptions { Host = "127.0.0.1", Port = 0, LogLevel = "Warning", SeedNodes = [GalaxyHosts.SeedNodeOf(cluster.Seed)] };
        using var clientHost = await GalaxyHosts.StartClientAsync(options);
        try
        {
            var clientSystem = clientHost.Services.GetRequiredService<ActorSystem>();
            var client = clientHost.Services.GetRequiredService<ActorRegistry>().Get<CoordinatorClient>();
            var probe = CreateTestProbe(clientSystem);
            var job = TestJobs.ForImages("/data/sample.h5", "/results/bad");
            var spec = job with { Analysis = job.Analysis with { Variance = 1.5 } };

            client.Tell(new ClusterClient.Send(GalaxyNames.CoordinatorServicePath, new SubmitJob(spec)), probe.Ref);

            Assert.Contains("--variance", probe.ExpectMsg<JobRejected>(Patience).Reason);
        }
        finally
        {
            await clientHost.StopAsync();
        }
    }

    private IActorRef ClientToSeed()
    {
        var receptionist = ActorPath.Parse($"{GalaxyHosts.AddressOf(cluster.Seed)}/system/{GalaxyNames.ReceptionistName}");
        var settings = ClusterClientSettings.Create(Sys).WithInitialContacts([receptionist]);
        return Sys.ActorOf(ClusterClient.Props(settings));
    }
}
