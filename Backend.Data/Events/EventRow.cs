namespace Backend.Data.Events;

/// <summary>
/// A domain event as stored. <see cref="Audience"/> is the lowest role that may read it; <see cref="OwnerId"/> may read
/// it too. <see cref="SubjectIds"/> are the ids it is about; <see cref="Data"/> is its JSON object. (Properties rather
/// than a positional record: Dapper materialises uuid[] through a setter, not a constructor.)
/// </summary>
public sealed record EventRow
{
    public long Position { get; init; }
    public Guid EventId { get; init; }
    public required string EventType { get; init; }
    public DateTime OccurredAt { get; init; }
    public required string CorrelationId { get; init; }
    public required Guid[] SubjectIds { get; init; }
    public required string Audience { get; init; }
    public Guid? OwnerId { get; init; }
    public required string Data { get; init; }
}
