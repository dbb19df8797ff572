namespace Backend.Api.Http.OpenApi;

/// <summary>
/// Body members the document must not list as required although a validator rule names them: taken from the route
/// when absent (<c>source_entity_id</c> under <c>POST /entities/{id}/relationships</c>) or required only as one of
/// two alternatives (<c>email</c> or the OAuth2 form's <c>username</c>). They are documented optional and nullable.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
internal sealed class OptionalInBodyAttribute(params string[] properties) : Attribute
{
    public IReadOnlyList<string> Properties { get; } = properties;
}
