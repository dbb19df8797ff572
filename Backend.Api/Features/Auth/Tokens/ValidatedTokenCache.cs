using System.Collections.Concurrent;

namespace Backend.Api.Features.Auth.Tokens;

/// <summary>
/// Access tokens whose signature, issuer, audience, lifetime and claims were already checked, by their encoded form, so a
/// token presented again skips parsing, HMAC and claim building. Only what cannot change is remembered: the revocation
/// check (<see cref="TokenRevocationCache"/>) still runs on every request. An entry is used until the token's <c>exp</c>
/// plus the clock skew (the lifetime rule of the full validation); at most <see cref="MaxEntries"/> tokens are kept.
/// </summary>
internal sealed class ValidatedTokenCache(AuthSettings settings, TimeProvider time)
{
    /// <summary>Upper bound on remembered tokens (a principal is about 2 KB); past it, expired ones go, then all.</summary>
    public const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, ValidatedToken> _tokens = new(StringComparer.Ordinal);

    /// <summary>The remembered token, when it is still within its lifetime by the clock the validation uses.</summary>
    public bool TryGet(ReadOnlySpan<char> encoded, out ValidatedToken token)
    {
        if (!_tokens.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(encoded, out token!))
        {
            return false;
        }

        var now = time.GetUtcNow();
        if (now >= token.Expires + settings.ClockSkew || token.IssuedAt > now + settings.ClockSkew)
        {
            _tokens.TryRemove(token.Encoded, out _);
            return false;
        }

        return true;
    }

    /// <summary>Remembers a token that passed every check of the full validation.</summary>
    public void Remember(ValidatedToken token)
    {
        if (_tokens.Count >= MaxEntries)
        {
            var now = time.GetUtcNow();
            foreach (var (key, value) in _tokens)
            {
                if (now >= value.Expires + settings.ClockSkew)
                {
                    _tokens.TryRemove(key, out _);
                }
            }

            if (_tokens.Count >= MaxEntries)
            {
                _tokens.Clear();
            }
        }

        _tokens[token.Encoded] = token;
    }
}
