using System.CommandLine;
using GalaxyActors.Hosting;
using GalaxyActors.Hosting.Security;
using Microsoft.Extensions.Hosting;

namespace GalaxyActors.Seed.Cli;

/// <summary>
/// `galaxy seed [--host H] [--public-hostname H] [--port 4053]`: runs a seed node (the job coordinator singleton and
/// the receptionist `galaxy submit` talks to) until SIGTERM/Ctrl+C. Settings come from appsettings.json and GALAXY__*
/// variables; the flags win. Exit 0 when stopped, 1 when the cluster removed it, 2 on bad usage or a failed start.
/// </summary>
public static class SeedCommand
{
    public const int DefaultPort = 4053;

    public static Command Create()
    {
        var host = new Option<string?>("--host") { Description = "Address to bind (default 127.0.0.1, or GALAXY__HOST)." };
        var publicHostname = new Option<string?>("--public-hostname") { Description = "Address other nodes reach this one at (default: --host)." };
        var port = new Option<int?>("--port") { Description = $"TCP port (default {DefaultPort}, or GALAXY__PORT)." };
        var command = new Command("seed", "Start a seed node: hosts the job coordinator; workers and `galaxy submit` connect to it.") { host, publicHostname, port };
        command.SetHandler(async (parse, cancellation) =>
        {
            var options = GalaxyConfiguration.LoadOptions();
            if (parse.GetValue(host) is { } h) options.Host = h;
            if (parse.GetValue(publicHostname) is { } p) options.PublicHostname = p;
            // A seed's address must be known in advance, so it never takes a random port unless told to (--port 0).
            options.Port = parse.GetValue(port) ?? (options.Port != 0 ? options.Port : DefaultPort);
            // With no seed nodes configured it forms a new cluster by joining itself; a configured list (several seeds)
            // is kept as it is.
            options.Validate();

            using var node = await GalaxyHosts.StartJobSeedAsync(options, cancellationToken: cancellation);
            var address = GalaxyHosts.SeedNodeOf(node);
            Console.WriteLine($"seed node up at {address}; start workers with: galaxy-node --seed-node {address}");
            var roots = options.ResolvePathRoots();
            Console.WriteLine($"jobs may read under {string.Join(Path.PathSeparator, roots.DataRoots)} ({PathRoots.DataRootsKey}) " +
                              $"and write under {string.Join(Path.PathSeparator, roots.ResultRoots)} ({PathRoots.ResultRootsKey})");
            await node.WaitForShutdownAsync(cancellation);
            return GalaxyHosts.ExitCodeOf(node);
        });
        return command;
    }
}
