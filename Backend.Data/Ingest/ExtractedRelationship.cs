namespace Backend.Data.Ingest;

/// <summary>A relationship of an AI result between two of its entities (by their result-local ids).</summary>
public sealed record ExtractedRelationship(string SourceLocalId, string TargetLocalId, string Type, double Confidence);
