namespace Backend.Data.Relationships;

/// <summary>
/// The one visibility rule of relationships: a relationship <c>r</c> is visible when it is active and both of its
/// entities are active. Every read and every write of relationships filters with <see cref="Predicate"/>, so a
/// relationship hidden by a soft-deleted entity is neither shown nor changed, and comes back when the entity is restored.
/// </summary>
internal static class RelationshipVisibility
{
    public const string Predicate = """
        (r.is_active
         AND EXISTS (SELECT 1 FROM backend_entities.entities ve WHERE ve.id = r.source_entity_id AND ve.is_active)
         AND EXISTS (SELECT 1 FROM backend_entities.entities ve WHERE ve.id = r.target_entity_id AND ve.is_active))
        """;
}
