using System.Globalization;
using System.Text.RegularExpressions;

namespace GalaxyActors.Deploy.Tests;

/// <summary>The services of docker-compose.yml, with the fields the deployment relies on.</summary>
public sealed partial class ComposeFile
{
    public const string FileName = "docker-compose.yml";

    private ComposeFile(IReadOnlyDictionary<string, ComposeService> services) => Services = services;

    public IReadOnlyDictionary<string, ComposeService> Services { get; }

    public ComposeService this[string name] => Services.TryGetValue(name, out var service) ? service : throw new KeyNotFoundException($"{FileName} has no service '{name}'");

    public static ComposeFile Load(string? path = null)
    {
        var root = Yaml.Load(File.ReadAllText(path ?? RepositoryFiles.PathOf(FileName)));
        return new ComposeFile(root.Map("services").ToDictionary(
            s => s.Key, s => new ComposeService(s.Key, Assert.IsType<Dictionary<string, object?>>(s.Value))));
    }

    /// <summary>A Compose duration ("45s", "1m30s", "500ms").</summary>
    public static TimeSpan ParseDuration(string text)
    {
        var total = TimeSpan.Zero;
        var parts = DurationPart().Matches(text);
        if (parts.Count == 0 || string.Concat(parts.Select(p => p.Value)) != text) throw new FormatException($"not a Compose duration: '{text}'");
        foreach (Match part in parts)
        {
            double value = double.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture);
            total += part.Groups[2].Value switch
            {
                "h" => TimeSpan.FromHours(value),
                "m" => TimeSpan.FromMinutes(value),
                "s" => TimeSpan.FromSeconds(value),
                "ms" => TimeSpan.FromMilliseconds(value),
                _ => TimeSpan.FromMicroseconds(value),
            };
        }
        return total;
    }

    [GeneratedRegex(@"(\d+(?:\.\d+)?)(h|ms|m|s|us)")]
    private static partial Regex DurationPart();
}

/// <summary>One service of docker-compose.yml.</summary>
public sealed class ComposeService(string name, Dictionary<string, object?> node)
{
    public string Name { get; } = name;

    public Dictionary<string, object?> Node { get; } = node;

    /// <summary>Its environment, from either Compose form (mapping, or a list of NAME=value).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; } = ReadEnvironment(node.Find("environment"));

    public string? Hostname => Node.Str("hostname");

    public string? Restart => Node.Str("restart");

    public TimeSpan? StopGracePeriod => Node.Str("stop_grace_period") is { } text ? ComposeFile.ParseDuration(text) : null;

    public IReadOnlyList<string> Volumes => Node.List("volumes").OfType<string>().ToList();

    public IReadOnlyList<string> Entrypoint => Node.List("entrypoint").OfType<string>().ToList();

    public IReadOnlyList<string> Command => Node.List("command").OfType<string>().ToList();

    public IReadOnlyList<string> HealthcheckTest => Node.List("healthcheck.test").OfType<string>().ToList();

    private static Dictionary<string, string> ReadEnvironment(object? environment) => environment switch
    {
        Dictionary<string, object?> map => map.ToDictionary(e => e.Key, e => e.Value as string ?? ""),
        List<object?> list => list.OfType<string>().Select(e => e.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : ""),
        _ => [],
    };
}
