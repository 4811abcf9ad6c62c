using System.CommandLine;
using Akka.Actor;
using Akka.Cluster.Tools.Client;
using Akka.Hosting;
using GalaxyActors.Core;
using GalaxyActors.Hosting;
using GalaxyActors.Messages.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GalaxyActors.Seed.Cli;

/// <summary>
/// `galaxy submit --seed-node H:PORT (--input FILE.h5 | --features FILE.h5) --out DIR [job options]`: sends a job to a
/// running cluster through a cluster client (without joining it), follows its progress and prints the summary.
/// Exit 0 on success, 1 when the job failed, 2 when it was rejected or the seed node did not answer.
/// </summary>
public static class SubmitCommand
{
    /// <summary>How long the seed node has to answer the submission (DESIGN.md: a clear error within 30 s).</summary>
    public static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(25);

    /// <summary>Exit code when SIGINT or SIGTERM stopped the command (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;

    public static Command Create()
    {
        var seedNode = new Option<string>("--seed-node") { Description = "The cluster's seed node, HOST:PORT.", Required = true };
        var input = new Option<string?>("--input") { Description = "HDF5 images in the Galaxy10 layout (a path the cluster's nodes can read)." };
        var features = new Option<string?>("--features") { Description = "Start from a feature store instead of images." };
        var output = new Option<string>("--out") { Description = "Results folder (written by the seed node).", Required = true };
        var host = new Option<string?>("--host") { Description = "Address this client binds to and the seed node replies to (default 127.0.0.1, or GALAXY__HOST)." };
        var job = new JobOptionSet();
        var command = new Command("submit", "Send a job to a running cluster and follow it to the end.") { seedNode, input, features, output, host };
        foreach (var option in job.All) command.Options.Add(option);
        command.SetHandler(async (parse, cancellation) =>
        {
            var inputPath = parse.GetValue(input);
            var featuresPath = parse.GetValue(features);
            if ((inputPath != null) == (featuresPath != null))
                throw new InvalidInputException("Give exactly one of --input FILE.h5 or --features FILE.h5.");
            // Relative paths mean the submitter's working directory; the nodes may run elsewhere, so send them absolute.
            var request = JobRequestReader.Read(parse, job, FullPath(inputPath), FullPath(featuresPath), Path.GetFullPath(parse.GetValue(output)!));

            var seed = parse.GetValue(seedNode)!;
            var options = SeedClientOptions.For(seed, parse.GetValue(host));
            var secret = options.ResolveSubmitSecret();

            var client = await GalaxyHosts.StartClientAsync(options, cancellation);
            // The client's host takes SIGINT/SIGTERM for itself (it stops); follow that too, or submit would wait on.
            var stopping = client.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            using var interrupted = CancellationTokenSource.CreateLinkedTokenSource(cancellation, stopping);
            try
            {
                var system = client.Services.GetRequiredService<ActorSystem>();
                var coordinator = client.Services.GetRequiredService<ActorRegistry>().Get<CoordinatorClient>();
                return await JobFollower.RunAsync(system,
                    listener => coordinator.Tell(new ClusterClient.Send(GalaxyNames.CoordinatorServicePath, new SubmitJob(request, secret)), listener),
                    AnswerTimeout,
                    $"no answer from the seed node {seed} within {AnswerTimeout.TotalSeconds:0} s: is `galaxy seed` running there, reachable, and with the same TLS settings (GALAXY__TLS*)?",
                    "submit", interrupted.Token, contact: coordinator,
                    lostContact: $"lost contact with the seed node {seed} (no answer for {GalaxyClientSetup.ReconnectTimeout.TotalSeconds:0} s): it stopped or is unreachable, and the job did not finish; see the seed's log, and submit again once it is back");
            }
            catch (OperationCanceledException) when (interrupted.IsCancellationRequested)
            {
                // The job itself goes on on the cluster: this only stops following it.
                Console.Error.WriteLine("galaxy submit: interrupted; the job, if accepted, goes on on the cluster and writes its results to " + request.OutputDirectory +
                                        $"; stop it with: galaxy cancel JOB-ID --seed-node {seed}");
                return Interrupted;
            }
            finally
            {
                await client.StopAsync(CancellationToken.None);
                client.Dispose();
            }
        });
        return command;
    }

    private static string? FullPath(string? path) => path == null ? null : Path.GetFullPath(path);
}
