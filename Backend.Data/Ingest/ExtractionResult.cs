namespace Backend.Data.Ingest;

/// <summary>A checked AI result for one job, ready to apply to the graph.</summary>
public sealed record ExtractionResult(
    Guid JobId,
    IReadOnlyList<ExtractedEntity> Entities,
    IReadOnlyList<ExtractedRelationship> Relationships,
    int EntitiesExtracted,
    int RelationshipsFound,
    double ProcessingSeconds);

/// <summary>What applying a result did.</summary>
public sealed record ExtractionOutcome(ExtractionStatus Status, int EntitiesCreated, int EntitiesMerged, int RelationshipsLinked);

public enum ExtractionStatus
{
    Applied,
    Duplicate,
    UnknownJob,
}
