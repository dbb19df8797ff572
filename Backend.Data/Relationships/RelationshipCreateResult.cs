namespace Backend.Data.Relationships;

public enum RelationshipCreateStatus
{
    Created,
    SourceMissing,
    TargetMissing,
    Duplicate,
}

public sealed record RelationshipCreateResult(RelationshipCreateStatus Status, RelationshipRow? Row);
