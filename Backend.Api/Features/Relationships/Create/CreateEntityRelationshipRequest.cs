using Backend.Api.Http.OpenApi;
using FastEndpoints;

namespace Backend.Api.Features.Relationships.Create;

/// <summary>POST /entities/{id}/relationships: the route's entity is the source.</summary>
[OptionalInBody(nameof(SourceEntityId))]
internal sealed class CreateEntityRelationshipRequest : CreateRelationshipFields
{
    [RouteParam]
    public Guid Id { get; init; }
}
