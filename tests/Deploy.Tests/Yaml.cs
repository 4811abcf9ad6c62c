using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace GalaxyActors.Deploy.Tests;

/// <summary>
/// YAML documents as plain trees: mappings as <see cref="Dictionary{TKey,TValue}"/> (string keys), sequences as
/// lists, scalars as strings. Anchors and merge keys (<c>&lt;&lt;: *node</c>, as docker-compose.yml uses) are resolved.
/// </summary>
public static class Yaml
{
    public static IReadOnlyList<Dictionary<string, object?>> LoadAll(string text)
    {
        var deserializer = new DeserializerBuilder().Build();
        var parser = new MergingParser(new Parser(new StringReader(text)));
        parser.Consume<StreamStart>();
        var documents = new List<Dictionary<string, object?>>();
        while (parser.Accept<DocumentStart>(out _))
        {
            if (Normalise(deserializer.Deserialize<object?>(parser)) is Dictionary<string, object?> document) documents.Add(document);
        }
        return documents;
    }

    public static Dictionary<string, object?> Load(string text) => Assert.Single(LoadAll(text));

    /// <summary>The mapping at <paramref name="path"/> (keys separated by '.'); fails the test when absent.</summary>
    public static Dictionary<string, object?> Map(this Dictionary<string, object?> node, string path) =>
        Assert.IsType<Dictionary<string, object?>>(node.Find(path) ?? throw new KeyNotFoundException(path));

    public static List<object?> List(this Dictionary<string, object?> node, string path) =>
        node.Find(path) as List<object?> ?? [];

    public static IEnumerable<Dictionary<string, object?>> Maps(this Dictionary<string, object?> node, string path) =>
        node.List(path).OfType<Dictionary<string, object?>>();

    public static string? Str(this Dictionary<string, object?> node, string path) => node.Find(path) as string;

    public static object? Find(this Dictionary<string, object?> node, string path)
    {
        object? current = node;
        foreach (var key in path.Split('.'))
        {
            if (current is not Dictionary<string, object?> map || !map.TryGetValue(key, out current)) return null;
        }
        return current;
    }

    private static object? Normalise(object? node) => node switch
    {
        IDictionary<object, object?> map => map.ToDictionary(e => Convert.ToString(e.Key, System.Globalization.CultureInfo.InvariantCulture)!, e => Normalise(e.Value)),
        IList<object?> list => list.Select(Normalise).ToList(),
        _ => node,
    };
}
