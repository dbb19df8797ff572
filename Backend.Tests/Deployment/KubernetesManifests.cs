namespace Backend.Tests.Deployment;

/// <summary>Every object in deploy/kubernetes/*.yaml, with lookups by kind.</summary>
internal sealed class KubernetesManifests
{
    private KubernetesManifests(IReadOnlyList<(string File, Dictionary<object, object> Document)> documents) => Documents = documents;

    public IReadOnlyList<(string File, Dictionary<object, object> Document)> Documents { get; }

    public static KubernetesManifests Load() => new(
        Directory.EnumerateFiles(RepositoryFiles.PathOf("deploy", "kubernetes"), "*.yaml")
            .Order(StringComparer.Ordinal)
            .SelectMany(path => Yaml.Documents(File.ReadAllText(path)).Select(document => (Path.GetFileName(path), document)))
            .ToList());

    public IEnumerable<Dictionary<object, object>> OfKind(string kind) =>
        Documents.Select(d => d.Document).Where(d => d.At("kind") as string == kind);

    public Dictionary<object, object> Single(string kind) => OfKind(kind).ShouldHaveSingleItem();

    public Dictionary<object, object> Single(string kind, string file) =>
        Documents.Where(d => d.File == file && d.Document.At("kind") as string == kind).ShouldHaveSingleItem().Document;

    /// <summary>The only container of a Deployment's or Job's pod template.</summary>
    public static Dictionary<object, object> Container(Dictionary<object, object> workload) =>
        workload.List("spec", "template", "spec", "containers").ShouldHaveSingleItem().Map();

    public static IEnumerable<string> EnvNames(Dictionary<object, object> container) =>
        (container.At("env") as List<object> ?? []).Select(e => e.Text("name"));

    /// <summary>The envFrom sources as <c>configMapRef/name</c> and <c>secretRef/name</c>.</summary>
    public static IReadOnlyList<string> EnvSources(Dictionary<object, object> container) =>
        (container.At("envFrom") as List<object> ?? [])
            .SelectMany(source => source.Map())
            .Select(kv => $"{kv.Key}/{kv.Value.Text("name")}")
            .ToList();

    public static string? EnvValue(Dictionary<object, object> container, string name) =>
        (container.At("env") as List<object> ?? []).Select(e => e.Map()).FirstOrDefault(e => e.Text("name") == name)?.At("value") as string;
}
