namespace Backend.Data.Events;

/// <summary>
/// A domain event as stored. <paramref name="Audience"/> is the lowest role that may read it; <paramref name="OwnerId"/>
/// may read it too. <paramref name="SubjectIds"/> are the ids it is about; <paramref name="Data"/> is its JSON object.
/// </summary>
public sealed record EventRow(
    long Position,
    Guid EventId,
    string EventType,
    DateTime OccurredAt,
    string CorrelationId,
    Guid[] SubjectIds,
    string Audience,
    Guid? OwnerId,
    string Data);
