namespace Backend.Api.Http.OpenApi;

/// <summary>
/// Marks body members a request type shares with another operation but takes from the route: the OpenAPI document
/// lists them as optional and nullable for this request (for example <c>source_entity_id</c> under
/// <c>POST /entities/{id}/relationships</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
internal sealed class OptionalInBodyAttribute(params string[] properties) : Attribute
{
    public IReadOnlyList<string> Properties { get; } = properties;
}
