namespace Backend.Api.Features.Relationships;

/// <summary>The <c>direction</c> query parameter: which relationships of an entity to follow (the API's own type, mapped to the data layer's).</summary>
internal enum EdgeDirection
{
    Outgoing,
    Incoming,
    Both,
}
