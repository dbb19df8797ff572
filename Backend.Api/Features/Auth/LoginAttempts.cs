using Backend.Data.Auth;

namespace Backend.Api.Features.Auth;

/// <summary>
/// Reserves a password attempt before the hash (login and password change). While LOCKOUT_THRESHOLD attempts of the
/// account are being verified, a further attempt waits for them (at most a few seconds) instead of being verified
/// alongside: a burst of wrong guesses locks the account after the threshold and the rest are refused unverified, while
/// a burst of right passwords is served one slot at a time.
/// </summary>
internal sealed class LoginAttempts(UserRepository users, AuthSettings settings, TimeProvider time)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(25);
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(10);

    /// <summary>True when the attempt is reserved; false when the account is locked (or stayed busy too long).</summary>
    public async Task<bool> ReserveAsync(Guid userId, CancellationToken ct)
    {
        var waited = TimeSpan.Zero;
        while (true)
        {
            switch (await users.ReserveLoginAttemptAsync(userId, time.GetUtcNow(), settings.LockoutThreshold, ct))
            {
                case LoginReservation.Reserved:
                    return true;
                case LoginReservation.Locked:
                    return false;
                default:
                    if (waited >= MaxWait)
                    {
                        return false;
                    }

                    // Real time on purpose: the wait is for other requests' hashes, not for the lockout clock.
                    await Task.Delay(Poll, ct);
                    waited += Poll;
                    break;
            }
        }
    }
}
