using System.Threading.Channels;
using Akka.Actor;
using GalaxyActors.Core;
using GalaxyActors.Core.Pipeline;
using GalaxyActors.Core.Results;
using GalaxyActors.Messages.Jobs;

namespace GalaxyActors.Seed.Cli;

/// <summary>
/// Submits one job to a coordinator and follows it to the end, for `galaxy submit` (through a cluster client) and
/// `galaxy run` (in-process): the coordinator's replies reach a small listener actor and come out here in order;
/// progress is drawn with <see cref="ConsoleProgress"/>, and the finished job's summary printed.
/// </summary>
public static class JobFollower
{
    /// <summary>Exit code of a job that was accepted and then failed, or whose seed node was lost.</summary>
    public const int JobFailedExitCode = 1;

    /// <summary>What the listener hands over when the actor it watches (the cluster client) stopped.</summary>
    private sealed record ContactLost : INoSerializationVerificationNeeded;

    /// <summary>What the listener hands over when the coordinator holding the job died (its node crashed or left).</summary>
    private sealed record CoordinatorLost(string Path) : INoSerializationVerificationNeeded;

    /// <summary>
    /// Sends the job with <paramref name="submit"/> (given the listener to reply to) and waits: a
    /// <see cref="JobRejected"/> or no answer within <paramref name="answerTimeout"/> throws
    /// <see cref="InvalidInputException"/> (one line, exit 2); a failed job prints its reason and returns 1; a
    /// completed one prints the summary and returns 0. When <paramref name="contact"/> (the cluster client) stops — it
    /// could not reach the seed node for <see cref="Hosting.GalaxyClientSetup.ReconnectTimeout"/> — the job is reported
    /// lost with <paramref name="lostContact"/> and 1 returned.
    /// </summary>
    public static async Task<int> RunAsync(ActorSystem system, Action<IActorRef> submit, TimeSpan answerTimeout, string noAnswer,
        string commandName, CancellationToken cancellation, IActorRef? contact = null, string? lostContact = null)
    {
        var channel = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
        var listener = system.ActorOf(Props.Create(() => new Listener(channel.Writer, contact)), "job-listener-" + Guid.NewGuid().ToString("N"));
        try
        {
            submit(listener);
            var first = await FirstAnswerAsync(channel.Reader, answerTimeout, noAnswer, cancellation);
            var accepted = first switch
            {
                JobAccepted a => a,
                JobRejected r => throw new InvalidInputException(r.Reason),
                ContactLost => throw new InvalidInputException(noAnswer),
                _ => throw new InvalidOperationException($"unexpected first answer from the coordinator: {first.GetType().Name}"),
            };
            Console.Error.WriteLine(accepted.QueuePosition == 0
                ? $"job {accepted.JobId} accepted"
                : $"job {accepted.JobId} accepted; {accepted.QueuePosition} job(s) ahead of it in the queue (a cluster runs one job at a time)");

            var progress = new ConsoleProgress();
            while (true)
            {
                var message = await channel.Reader.ReadAsync(cancellation);
                switch (message)
                {
                    case JobProgress { Phase: "queued" } q:
                        Console.Error.WriteLine($"job {q.JobId}: {q.Done} job(s) ahead in the queue");
                        break;
                    case JobProgress { Phase: "started" }:
                        break;
                    case JobProgress p:
                        progress.Report(new PhaseProgress(p.Phase, p.Done, p.Total));
                        break;
                    case JobCompleted c:
                        JobSummaryPrinter.Print(SummaryJson.Parse(c.SummaryJson), c.OutDir);
                        return 0;
                    case JobFailed f:
                        Console.Error.WriteLine($"galaxy {commandName}: job {f.JobId} failed: {f.Reason}");
                        return JobFailedExitCode;
                    case ContactLost:
                        Console.Error.WriteLine($"galaxy {commandName}: job {accepted.JobId}: {lostContact ?? "lost contact with the coordinator"}");
                        return JobFailedExitCode;
                    case CoordinatorLost lost:
                        Console.Error.WriteLine($"galaxy {commandName}: job {accepted.JobId}: the coordinator running it ({lost.Path}) stopped or its node " +
                                                "is unreachable, and the job did not finish; submit it again (to another seed node if that one is gone)");
                        return JobFailedExitCode;
                }
            }
        }
        finally
        {
            system.Stop(listener);
        }
    }

    private static async Task<object> FirstAnswerAsync(ChannelReader<object> reader, TimeSpan timeout, string noAnswer, CancellationToken cancellation)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        limit.CancelAfter(timeout);
        try
        {
            return await reader.ReadAsync(limit.Token);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            throw new InvalidInputException(noAnswer);
        }
    }

    /// <summary>
    /// Hands everything it receives to the follower, in order, and says when the watched contact (the cluster client)
    /// or the coordinator that accepted the job stopped. The coordinator is watched by its path from
    /// <see cref="JobAccepted.CoordinatorPath"/>: with several seeds the cluster client reconnects to a surviving seed
    /// and never stops, while the job died with the coordinator's node (remote death watch notices within ~15 s).
    /// </summary>
    private sealed class Listener : ReceiveActor
    {
        private IActorRef? _coordinator;
        private string _coordinatorPath = "";

        public Listener(ChannelWriter<object> writer, IActorRef? contact)
        {
            if (contact is not null) Context.Watch(contact);
            Receive<Terminated>(t =>
            {
                if (t.ActorRef.Equals(contact)) writer.TryWrite(new ContactLost());
                else if (t.ActorRef.Equals(_coordinator)) writer.TryWrite(new CoordinatorLost(_coordinatorPath));
            });
            Receive<JobAccepted>(accepted =>
            {
                if (accepted.CoordinatorPath.Length > 0 && ActorPath.TryParse(accepted.CoordinatorPath, out var path))
                {
                    _coordinatorPath = accepted.CoordinatorPath;
                    _coordinator = ((ExtendedActorSystem)Context.System).Provider.ResolveActorRef(path);
                    Context.Watch(_coordinator);
                }
                writer.TryWrite(accepted);
            });
            ReceiveAny(m => writer.TryWrite(m));
        }
    }
}
