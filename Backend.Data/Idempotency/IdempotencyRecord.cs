namespace Backend.Data.Idempotency;

/// <summary>A stored Idempotency-Key: the hash of the first request and, once it finished, its response.</summary>
public sealed record IdempotencyRecord(
    string RequestHash,
    string State,
    int? ResponseStatus,
    string? ResponseBody,
    string? ResponseLocation,
    DateTime ExpiresAt);
