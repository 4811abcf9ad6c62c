using Akka.Actor;
using Akka.Cluster.Tools.Client;
using GalaxyActors.Hosting;
using GalaxyActors.Messages;
using GalaxyActors.Messages.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace GalaxyActors.Cluster.Tests;

/// <summary>
/// A job spec larger than the remoting frame (4 MiB) from a client other than `galaxy submit` (which cannot build one:
/// Linux caps one argument at 128 KiB), sent with the cluster's own client setup: the sender's transport drops it, so
/// the seed never sees it and cannot answer; the seed stays up and answers the client's next, ordinary submission.
/// </summary>
[Collection("cluster")]
public sealed class OversizedSpecSpec
{
    private static GalaxyClusterOptions Options(Microsoft.Extensions.Hosting.IHost? seed = null) => new()
    {
        Host = "127.0.0.1",
        Port = 0,
        LogLevel = "Warning",
        SeedNodes = seed is null ? [] : [GalaxyHosts.SeedNodeOf(seed)],
    };

    [Fact]
    public async Task A_spec_over_the_frame_is_dropped_without_harm_and_the_next_submission_is_answered()
    {
        using var seed = await GalaxyHosts.StartSeedAsync(Options());
        using var client = await GalaxyHosts.StartClientAsync(Options(seed));
        var coordinator = client.Services.GetRequiredService<Akka.Hosting.ActorRegistry>().Get<CoordinatorClient>();

        var request = TestJobs.ForImages("/d.h5", "/out");
        var huge = request with { Input = request.Input with { ImagesDataset = new string('x', WireLimits.MaxFrameSizeBytes + 1024) } };
        await Assert.ThrowsAsync<AskTimeoutException>(() =>
            coordinator.Ask<object>(new ClusterClient.Send(GalaxyNames.CoordinatorServicePath, new SubmitJob(huge)), TimeSpan.FromSeconds(8)));

        // This seed has no job runner, so the answer to a well-formed job is a reasoned no: it is listening and well.
        var reply = await coordinator.Ask<object>(new ClusterClient.Send(GalaxyNames.CoordinatorServicePath, new SubmitJob(request)), TimeSpan.FromSeconds(20));
        Assert.Contains("without a job runner", Assert.IsType<JobRejected>(reply).Reason);
        Assert.Equal(1, Akka.Cluster.Cluster.Get(seed.Services.GetRequiredService<ActorSystem>()).State.Members.Count(m => m.Status == Akka.Cluster.MemberStatus.Up));
        await client.StopAsync();
        await seed.StopAsync();
    }
}
