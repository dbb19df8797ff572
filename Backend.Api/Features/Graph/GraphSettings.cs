namespace Backend.Api.Features.Graph;

/// <summary>Optional allow-lists of entity and relationship types (ENTITY_TYPES, RELATIONSHIP_TYPES); empty allows any identifier.</summary>
internal sealed record GraphSettings(IReadOnlySet<string> EntityTypes, IReadOnlySet<string> RelationshipTypes)
{
    private static readonly HttpContextAccessor Accessor = new();

    /// <summary>
    /// The settings of the app serving the current request. FastEndpoints builds validators once per process,
    /// so they must not capture one app's settings (several apps share a process in the tests).
    /// </summary>
    public static GraphSettings OfCurrentRequest() =>
        Accessor.HttpContext?.RequestServices.GetService<GraphSettings>() ?? new GraphSettings(new HashSet<string>(), new HashSet<string>());
}
