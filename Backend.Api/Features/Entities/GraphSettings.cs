namespace Backend.Api.Features.Entities;

/// <summary>Optional allow-lists of entity and relationship types (ENTITY_TYPES, RELATIONSHIP_TYPES); empty allows any identifier.</summary>
internal sealed record GraphSettings(IReadOnlySet<string> EntityTypes, IReadOnlySet<string> RelationshipTypes);
