using Backend.Data.Auth;
using Npgsql;

namespace Backend.Api.Features.Auth;

/// <summary>
/// Completes migration 0019 at startup: accounts whose address SQL could not canonicalise (non-ASCII or IDNA A-labels)
/// get their canonical email here; an account whose canonical form another account already holds is recorded in
/// backend_auth.email_canonical_conflicts and logged as a warning, never merged.
/// </summary>
internal sealed class CanonicalEmailBackfill(UserRepository users, TimeProvider time, ILogger<CanonicalEmailBackfill> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            foreach (var conflict in await users.BackfillCanonicalEmailsAsync(EmailAddress.Canonical, time.GetUtcNow(), stoppingToken))
            {
                logger.LogWarning(
                    "Account {UserId} shares its canonical email with account {HolderId}; left unmerged in backend_auth.email_canonical_conflicts for an operator",
                    conflict.UserId, conflict.HolderId);
            }
        }
        catch (PostgresException exception) when (exception.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.UndefinedColumn)
        {
            logger.LogWarning("Canonical emails not backfilled: migration 0019 is not applied yet");
        }
        catch (NpgsqlException exception)
        {
            logger.LogError("Canonical emails not backfilled: {Error}", exception.GetType().Name);
        }
    }
}
