using GalaxyActors.Hosting;

namespace GalaxyActors.Seed.Cli;

/// <summary>
/// The settings of a CLI command that talks to a running cluster as a cluster client (`submit`, `cancel`): the
/// GALAXY__* configuration (TLS files, submit secret), the seed given on the command line, a random local port and the
/// client's own logs silenced, since its retries to an absent seed would bury the one line the user needs.
/// </summary>
public static class SeedClientOptions
{
    public static GalaxyClusterOptions For(string seedNode, string? host)
    {
        var options = GalaxyConfiguration.LoadOptions();
        options.SeedNodes = [seedNode];
        options.Port = 0;
        if (host is not null) options.Host = host;
        options.LogLevel = "Fatal";
        options.Validate();
        return options;
    }
}
