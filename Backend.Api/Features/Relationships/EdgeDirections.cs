using Backend.Data.Relationships;

namespace Backend.Api.Features.Relationships;

internal static class EdgeDirections
{
    /// <summary>The data layer's direction for the query parameter (both when absent).</summary>
    public static RelationshipDirection ToQuery(this EdgeDirection? direction) => direction switch
    {
        EdgeDirection.Outgoing => RelationshipDirection.Outgoing,
        EdgeDirection.Incoming => RelationshipDirection.Incoming,
        _ => RelationshipDirection.Both,
    };
}
