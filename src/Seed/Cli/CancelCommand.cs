using System.CommandLine;
using Akka.Actor;
using Akka.Cluster.Tools.Client;
using Akka.Hosting;
using GalaxyActors.Hosting;
using GalaxyActors.Messages.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace GalaxyActors.Seed.Cli;

/// <summary>
/// `galaxy cancel JOB-ID --seed-node H:PORT`: stops a queued or running job (<see cref="CancelJob"/>). Its runner stops,
/// its analysis task is cancelled and nothing more is written to its --out (an earlier result there stays whole); its
/// `galaxy submit` ends with "cancelled". Exit 0 when cancelled, 2 when refused (unknown or finished job, wrong secret)
/// or the seed did not answer.
/// </summary>
public static class CancelCommand
{
    public static Command Create()
    {
        var jobId = new Argument<string>("job-id") { Description = "The job's id, as `galaxy submit` printed it (job … accepted)." };
        var seedNode = new Option<string>("--seed-node") { Description = "The cluster's seed node, HOST:PORT.", Required = true };
        var host = new Option<string?>("--host") { Description = "Address this client binds to and the seed node replies to (default 127.0.0.1, or GALAXY__HOST)." };
        var command = new Command("cancel", "Stop a queued or running job on a cluster.") { jobId, seedNode, host };
        command.SetHandler(async (parse, cancellation) =>
        {
            var seed = parse.GetValue(seedNode)!;
            var id = parse.GetValue(jobId)!;
            var options = SeedClientOptions.For(seed, parse.GetValue(host));
            var secret = options.ResolveSubmitSecret();
            var client = await GalaxyHosts.StartClientAsync(options, cancellation);
            try
            {
                var coordinator = client.Services.GetRequiredService<ActorRegistry>().Get<CoordinatorClient>();
                object reply;
                try
                {
                    reply = await coordinator.Ask<object>(new ClusterClient.Send(GalaxyNames.CoordinatorServicePath, new CancelJob(id, secret)),
                        SubmitCommand.AnswerTimeout, cancellation);
                }
                catch (AskTimeoutException)
                {
                    Console.Error.WriteLine($"galaxy cancel: error: no answer from the seed node {seed} within {SubmitCommand.AnswerTimeout.TotalSeconds:0} s: " +
                                            "is `galaxy seed` running there, reachable, and with the same TLS settings (GALAXY__TLS*)?");
                    return 2;
                }
                switch (reply)
                {
                    case JobFailed cancelled:
                        Console.WriteLine($"job {cancelled.JobId} {cancelled.Reason}");
                        return 0;
                    case JobRejected refused:
                        Console.Error.WriteLine($"galaxy cancel: error: {refused.Reason}");
                        return 2;
                    default:
                        Console.Error.WriteLine($"galaxy cancel: error: unexpected answer {reply.GetType().Name} from the seed node");
                        return 2;
                }
            }
            finally
            {
                await client.StopAsync(CancellationToken.None);
                client.Dispose();
            }
        });
        return command;
    }
}
