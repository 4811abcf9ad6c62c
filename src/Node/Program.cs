// galaxy-node: a worker node. Settings come from appsettings.json, then GALAXY__* environment variables, then these
// flags (later wins); see docs/CONFIGURATION.md. Exits 0 when stopped (SIGTERM/Ctrl+C), 1 when the cluster removed
// it or it could not join, 2 on bad usage.
using System.CommandLine;
using GalaxyActors.Core;
using GalaxyActors.Hosting;
using Microsoft.Extensions.Hosting;
using Serilog;

var seedNode = new Option<string[]>("--seed-node") { Description = "seed node to join, HOST:PORT (repeatable)", AllowMultipleArgumentsPerToken = false };
var host = new Option<string?>("--host") { Description = "address to bind (default 127.0.0.1, or GALAXY__HOST)" };
var publicHostname = new Option<string?>("--public-hostname") { Description = "address other nodes reach this one at (default: --host)" };
var port = new Option<int?>("--port") { Description = "TCP port, 0 = any free port (default 0)" };

var root = new RootCommand("galaxy-node: a GalaxyActors worker node (hosts slice entities)") { seedNode, host, publicHostname, port };
root.SetAction(async (parse, cancellationToken) =>
{
    GalaxyClusterOptions options;
    try
    {
        options = GalaxyConfiguration.LoadOptions();
        if (parse.GetValue(seedNode) is { Length: > 0 } seeds) options.SeedNodes = [.. seeds];
        if (parse.GetValue(host) is { } h) options.Host = h;
        if (parse.GetValue(publicHostname) is { } p) options.PublicHostname = p;
        if (parse.GetValue(port) is { } n) options.Port = n;
        if (options.SeedNodes.Count == 0)
            throw new InvalidInputException("--seed-node HOST:PORT is required (or set GALAXY__SEEDNODES__0)");
        options.Validate();
    }
    catch (InvalidInputException e)
    {
        Console.Error.WriteLine($"galaxy-node: {e.Message}");
        return 2;
    }

    try
    {
        using var node = await GalaxyHosts.StartWorkerAsync(options, cancellationToken);
        Log.Information("Worker node {Address} joined the cluster", GalaxyHosts.AddressOf(node));
        await node.WaitForShutdownAsync(CancellationToken.None);
        int exitCode = GalaxyHosts.ExitCodeOf(node);
        if (exitCode != 0) Log.Error("Worker node left the cluster involuntarily (downed or removed); exiting {ExitCode}", exitCode);
        return exitCode;
    }
    catch (ClusterJoinException e)
    {
        Console.Error.WriteLine($"galaxy-node: {e.Message}");
        return 1;
    }
    catch (OperationCanceledException)
    {
        return 0;
    }
    finally
    {
        await Log.CloseAndFlushAsync();
    }
});
return await root.Parse(args).InvokeAsync();
