namespace Backend.Api.Features.Admin.ApiKeys.Create;

internal sealed class CreateApiKeyRequest
{
    /// <summary>Who uses the key, e.g. "ingest-service"; shown in logs and audit. Unique among live keys.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>user (default), moderator or admin.</summary>
    public string? Role { get; init; }

    /// <summary>Optional expiry (RFC 3339, in the future).</summary>
    public DateTimeOffset? ExpiresAt { get; init; }
}
