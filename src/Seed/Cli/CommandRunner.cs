using System.CommandLine;
using GalaxyActors.Core;
using GalaxyActors.Hosting;

namespace GalaxyActors.Seed.Cli;

/// <summary>
/// Gives every command the same error contract: a user error (bad file, dataset, option) prints one
/// line naming the problem and exits 2; a node that cannot join the cluster, one line and exit 1; Ctrl+C exits 130; anything else is a bug and keeps its
/// stack trace for the report, exiting 1.
/// </summary>
public static class CommandRunner
{
    public const int UserError = 2;

    /// <summary>A node of this process could not join the cluster (<see cref="ClusterJoinException"/>).</summary>
    public const int ClusterUnavailable = 1;

    public static void SetHandler(this Command command, Func<ParseResult, CancellationToken, Task<int>> handler) =>
        command.SetAction(async (parse, cancellation) =>
        {
            try
            {
                return await handler(parse, cancellation);
            }
            catch (InvalidInputException e)
            {
                Console.Error.WriteLine($"galaxy {command.Name}: error: {e.Message}");
                return UserError;
            }
            catch (ClusterJoinException e)
            {
                // The request was fine; the cluster was not there.
                Console.Error.WriteLine($"galaxy {command.Name}: error: {e.Message}");
                return ClusterUnavailable;
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                Console.Error.WriteLine($"galaxy {command.Name}: cancelled.");
                return 130;
            }
        });

    public static void SetHandler(this Command command, Func<ParseResult, int> handler) =>
        command.SetHandler((parse, _) => Task.FromResult(handler(parse)));
}
