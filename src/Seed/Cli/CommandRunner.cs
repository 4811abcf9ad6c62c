using System.CommandLine;
using GalaxyActors.Core;

namespace GalaxyActors.Seed.Cli;

/// <summary>
/// Gives every command the same error contract: a user error (bad file, dataset, option) prints one
/// line naming the problem and exits 2; Ctrl+C exits 130; anything else is a bug and keeps its
/// stack trace for the report, exiting 1.
/// </summary>
public static class CommandRunner
{
    public const int UserError = 2;

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
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                Console.Error.WriteLine($"galaxy {command.Name}: cancelled.");
                return 130;
            }
        });

    public static void SetHandler(this Command command, Func<ParseResult, int> handler) =>
        command.SetHandler((parse, _) => Task.FromResult(handler(parse)));
}
