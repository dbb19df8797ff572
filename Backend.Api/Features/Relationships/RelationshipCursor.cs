namespace Backend.Api.Features.Relationships;

/// <summary>Keyset cursor of relationship listings (ordered by created_at, id), encoded by <see cref="Http.KeysetCursor"/>.</summary>
internal sealed record RelationshipCursor(DateTime CreatedAt, Guid Id);
