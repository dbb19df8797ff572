using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace Backend.Tests.Deployment;

/// <summary>YAML read into plain dictionaries and lists, with small helpers to walk them.</summary>
internal static class Yaml
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder().Build();

    /// <summary>Every document of a (possibly multi-document) YAML text.</summary>
    public static IReadOnlyList<Dictionary<object, object>> Documents(string text)
    {
        using var reader = new StringReader(text);
        var parser = new Parser(reader);
        parser.Consume<StreamStart>();
        var documents = new List<Dictionary<object, object>>();
        while (parser.Accept<DocumentStart>(out _))
        {
            if (Deserializer.Deserialize<Dictionary<object, object>?>(parser) is { } document)
            {
                documents.Add(document);
            }
        }

        return documents;
    }

    public static Dictionary<object, object> Document(string text) => Documents(text).ShouldHaveSingleItem();

    /// <summary>The node at a path of mapping keys (and list indexes), or null when any step is missing.</summary>
    public static object? At(this object? node, params object[] path)
    {
        foreach (var step in path)
        {
            node = (node, step) switch
            {
                (Dictionary<object, object> map, string key) => map.TryGetValue(key, out var value) ? value : null,
                (List<object> list, int index) => index < list.Count ? list[index] : null,
                _ => null,
            };
        }

        return node;
    }

    public static Dictionary<object, object> Map(this object? node, params object[] path) =>
        node.At(path) as Dictionary<object, object> ?? throw new ShouldAssertException($"no mapping at {string.Join('.', path)}");

    public static List<object> List(this object? node, params object[] path) =>
        node.At(path) as List<object> ?? throw new ShouldAssertException($"no list at {string.Join('.', path)}");

    public static string Text(this object? node, params object[] path) =>
        node.At(path) as string ?? throw new ShouldAssertException($"no scalar at {string.Join('.', path)}");

    public static IReadOnlyList<string> Keys(this Dictionary<object, object> map) => map.Keys.Cast<string>().ToList();
}
