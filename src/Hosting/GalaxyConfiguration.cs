using Microsoft.Extensions.Configuration;

namespace GalaxyActors.Hosting;

/// <summary>
/// Builds the configuration every process reads: appsettings.json (beside the executable, optional), then
/// environment variables (<c>GALAXY__PORT=4053</c> is the key <c>Galaxy:Port</c>), later sources winning. The same
/// variables therefore configure a process, a container and a pod.
/// </summary>
public static class GalaxyConfiguration
{
    /// <summary>The layered configuration; <paramref name="baseDirectory"/> defaults to the executable's folder.</summary>
    public static IConfigurationRoot Build(string? baseDirectory = null) => new ConfigurationBuilder()
        .SetBasePath(baseDirectory ?? AppContext.BaseDirectory)
        .AddJsonFile("appsettings.json", optional: true, reloadOnChange: false)
        .AddEnvironmentVariables()
        .Build();

    /// <summary>Binds the <c>Galaxy</c> section onto fresh options (defaults for absent keys).</summary>
    public static GalaxyClusterOptions BindOptions(IConfiguration configuration)
    {
        var options = new GalaxyClusterOptions();
        configuration.GetSection(GalaxyClusterOptions.SectionName).Bind(options);
        return options;
    }

    /// <summary><see cref="Build"/> then <see cref="BindOptions"/>.</summary>
    public static GalaxyClusterOptions LoadOptions(string? baseDirectory = null) => BindOptions(Build(baseDirectory));
}
