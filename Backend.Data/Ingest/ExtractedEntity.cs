namespace Backend.Data.Ingest;

/// <summary>An entity of an AI result, already checked: <paramref name="Name"/> fits the entities table, <paramref name="Type"/> is an identifier.</summary>
public sealed record ExtractedEntity(string LocalId, string Name, string Type, double Confidence);
