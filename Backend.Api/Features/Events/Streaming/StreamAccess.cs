using Backend.Api.Features.Auth.Tokens;
using Backend.Data.Events;

namespace Backend.Api.Features.Events.Streaming;

/// <summary>
/// Re-checks an open stream's credential the way the REST API checks every request: an access token against the
/// user's revocation instant, active flag and role (the shared revocation cache); an API key against its revocation,
/// expiry and its owner's active flag.
/// </summary>
internal sealed class StreamAccess(TokenRevocationCache revocations, StreamAccessRepository repository, TimeProvider time)
{
    /// <summary>Null while the credential is good, else why it is not.</summary>
    public async Task<string?> RecheckAsync(EventReader reader, CancellationToken ct)
    {
        if (reader.ApiKeyId is { } apiKeyId)
        {
            return await repository.IsApiKeyCurrentAsync(apiKeyId, reader.Role, time.GetUtcNow(), ct) ? null : "the API key was revoked or expired, or its owner deactivated";
        }

        return await revocations.IsCurrentAsync(reader.UserId, reader.TokenIssuedAt!.Value, reader.Role, ct)
            ? null
            : "the session was revoked, the account deactivated or its role changed";
    }
}
