using Backend.Data.Auth;

namespace Backend.Api.Features.Admin.ApiKeys;

/// <summary>An API key as listings show it: never the secret or its hash.</summary>
internal sealed record ApiKeyResponse(
    Guid Id,
    string Name,
    string Prefix,
    string Role,
    Guid CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt,
    DateTimeOffset? LastUsedAt)
{
    public static ApiKeyResponse From(ApiKeyRow row) => new(
        row.Id, row.Name, row.Prefix, row.Role, row.CreatedBy, Utc(row.CreatedAt), Utc(row.ExpiresAt), Utc(row.RevokedAt), Utc(row.LastUsedAt));

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private static DateTimeOffset? Utc(DateTime? value) => value is { } v ? Utc(v) : null;
}
