using System.Collections.Concurrent;
using Backend.Data.Auth;

namespace Backend.Api.Features.Auth.Tokens;

/// <summary>
/// Answers "is this access token still good for this user" (user exists, is active, and the token was issued at or
/// after tokens_valid_after) from the database, remembering each answer for TOKEN_REVOCATION_CACHE (≤ 30 s) so a
/// revocation on another replica takes effect here within that time. Revocations made here forget the entry at once.
/// </summary>
internal sealed class TokenRevocationCache(UserRepository users, AuthSettings settings, TimeProvider time)
{
    private const int PruneAbove = 50_000;
    private readonly ConcurrentDictionary<Guid, Entry> _entries = new();

    public async Task<bool> IsCurrentAsync(Guid userId, DateTimeOffset issuedAt, string role, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (!_entries.TryGetValue(userId, out var entry) || now - entry.FetchedAt >= settings.RevocationCacheDuration)
        {
            entry = new Entry(await users.ReadTokenStateAsync(userId, ct), now);
            if (_entries.Count > PruneAbove)
            {
                Prune(now);
            }

            _entries[userId] = entry;
        }

        return entry.State is { IsActive: true } state
            && issuedAt >= new DateTimeOffset(DateTime.SpecifyKind(state.TokensValidAfter, DateTimeKind.Utc))
            && state.Role == role;
    }

    public void Forget(Guid userId) => _entries.TryRemove(userId, out _);

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, value) in _entries)
        {
            if (now - value.FetchedAt >= settings.RevocationCacheDuration)
            {
                _entries.TryRemove(key, out _);
            }
        }
    }

    private sealed record Entry(TokenState? State, DateTimeOffset FetchedAt);
}
