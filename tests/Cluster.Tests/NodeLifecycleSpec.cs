using Akka.Actor;
using GalaxyActors.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GalaxyActors.Cluster.Tests;

/// <summary>How a node's host ends: asked to stop → exit 0; removed by the cluster → the host stops by itself, exit 1.</summary>
[Collection("cluster")]
public sealed class NodeLifecycleSpec
{
    private static GalaxyClusterOptions Options() => new() { Host = "127.0.0.1", Port = 0, LogLevel = "Warning", JoinTimeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task Seed_with_production_settings_answers_the_cli_client_host_through_the_receptionist()
    {
        // Strict serialization on both sides, as in production (the shared cluster fixture's seed runs
        // serialize-messages, which turns strict mode off).
        using var seed = await GalaxyHosts.StartSeedAsync(Options());
        var clientOptions = Options();
        clientOptions.SeedNodes = [GalaxyHosts.SeedNodeOf(seed)];
        using var client = await GalaxyHosts.StartClientAsync(clientOptions);
        try
        {
            var clusterClient = client.Services.GetRequiredService<Akka.Hosting.ActorRegistry>().Get<CoordinatorClient>();
            var reply = await clusterClient.Ask<object>(
                new Akka.Cluster.Tools.Client.ClusterClient.Send(GalaxyNames.CoordinatorServicePath,
                    new Messages.Jobs.SubmitJob(TestJobs.ForImages("/d.h5", "/out"))),
                TimeSpan.FromSeconds(20));
            // This seed was started without a job runner, so the coordinator's answer is a reasoned rejection.
            Assert.Contains("without a job runner", Assert.IsType<Messages.Jobs.JobRejected>(reply).Reason);
        }
        finally
        {
            await client.StopAsync();
            await seed.StopAsync();
        }
    }

    [Fact]
    public async Task Worker_downed_by_the_cluster_stops_its_host_with_a_non_zero_exit_code_and_a_stopped_seed_exits_zero()
    {
        using var seed = await GalaxyHosts.StartSeedAsync(Options());
        var workerOptions = Options();
        workerOptions.SeedNodes = [GalaxyHosts.SeedNodeOf(seed)];
        using var worker = await GalaxyHosts.StartWorkerAsync(workerOptions);
        try
        {
            var stopped = worker.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            var hostStopped = new TaskCompletionSource();
            stopped.Register(() => hostStopped.TrySetResult());

            Akka.Cluster.Cluster.Get(seed.Services.GetRequiredService<ActorSystem>()).Down(GalaxyHosts.AddressOf(worker));

            var finished = await Task.WhenAny(hostStopped.Task, Task.Delay(TimeSpan.FromSeconds(30)));
            Assert.True(finished == hostStopped.Task, "the downed worker's host did not stop by itself");
            await worker.StopAsync();
            Assert.Equal(1, GalaxyHosts.ExitCodeOf(worker));
        }
        finally
        {
            await seed.StopAsync();
        }
        Assert.Equal(0, GalaxyHosts.ExitCodeOf(seed));
    }
}
