using System.Collections;
using System.Reflection;
using GalaxyActors.Hosting;
using Microsoft.Extensions.Configuration;

namespace GalaxyActors.Deploy.Tests;

/// <summary>
/// The GALAXY__* environment variables the programs read, derived from <see cref="GalaxyClusterOptions"/> itself (every
/// public settable property is a key the configuration binder fills), so a renamed or removed setting fails here.
/// </summary>
public static class GalaxyVariables
{
    public const string Prefix = "GALAXY__";

    /// <summary>The settable options by name (the binder matches names case-insensitively).</summary>
    public static IReadOnlyDictionary<string, PropertyInfo> Settings { get; } = typeof(GalaxyClusterOptions)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.SetMethod is { IsPublic: true })
        .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>Why the program would not read <paramref name="variable"/> (a GALAXY__ name), or null when it does.</summary>
    public static string? Problem(string variable)
    {
        if (!variable.StartsWith(Prefix, StringComparison.Ordinal)) return $"{variable}: not a {Prefix} variable";
        var parts = variable[Prefix.Length..].Split("__");
        if (!Settings.TryGetValue(parts[0], out var setting))
            return $"{variable}: GalaxyClusterOptions has no setting '{parts[0]}' (settings: {string.Join(", ", Settings.Keys.Order())})";
        bool isList = setting.PropertyType != typeof(string) && typeof(IEnumerable).IsAssignableFrom(setting.PropertyType);
        if (isList && (parts.Length != 2 || !int.TryParse(parts[1], out _)))
            return $"{variable}: {setting.Name} is a list, set as {Prefix}{parts[0]}__0, {Prefix}{parts[0]}__1, ...";
        if (!isList && parts.Length != 1) return $"{variable}: {setting.Name} is a single value";
        return null;
    }

    /// <summary>The options a program started with exactly these variables binds (as <see cref="GalaxyConfiguration"/> does).</summary>
    public static GalaxyClusterOptions Bind(IEnumerable<KeyValuePair<string, string>> variables)
    {
        var ours = variables.Where(v => v.Key.StartsWith(Prefix, StringComparison.Ordinal))
            // What the environment-variables configuration source does with a name: "__" is the level separator.
            .Select(v => new KeyValuePair<string, string?>(v.Key.Replace("__", ":", StringComparison.Ordinal), v.Value));
        return GalaxyConfiguration.BindOptions(new ConfigurationBuilder().AddInMemoryCollection(ours).Build());
    }

    /// <summary>Asserts every GALAXY__ variable is one the program reads, and that together they bind to valid options.</summary>
    public static GalaxyClusterOptions AssertReadable(IReadOnlyDictionary<string, string> environment, string where)
    {
        var problems = environment.Keys.Where(k => k.StartsWith(Prefix, StringComparison.Ordinal)).Select(Problem).OfType<string>().ToList();
        Assert.True(problems.Count == 0, $"{where}:\n{string.Join("\n", problems)}");
        var options = Bind(environment);
        options.Validate();
        return options;
    }
}
