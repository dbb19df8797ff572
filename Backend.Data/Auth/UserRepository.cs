using System.Data;
using Backend.Data.Admin;
using Backend.Data.Audit;
using Dapper;
using Npgsql;

namespace Backend.Data.Auth;

/// <summary>
/// The one writer of <c>backend_auth.users</c>: registration, login bookkeeping (atomic lockout), names, roles,
/// activation, passwords and session revocation. Every event that must end derived credentials moves
/// tokens_valid_after (access tokens), revokes the refresh tokens and bumps security_stamp (reset tokens).
/// </summary>
public sealed class UserRepository(NpgsqlDataSource dataSource)
{
    internal const string Columns = """
        id AS Id, email AS Email, password_hash AS PasswordHash, first_name AS FirstName, last_name AS LastName,
        role AS Role, is_active AS IsActive, failed_login_count AS FailedLoginCount, lockout_count AS LockoutCount,
        locked_until AS LockedUntil, last_login_at AS LastLoginAt, password_changed_at AS PasswordChangedAt,
        tokens_valid_after AS TokensValidAfter, created_at AS CreatedAt, updated_at AS UpdatedAt
        """;

    private const string EndSessions = "tokens_valid_after = greatest(tokens_valid_after + interval '1 second', @tokensValidAfter), security_stamp = security_stamp + 1";

    /// <summary>Inserts the account; false when another account holds the canonical email.</summary>
    public async Task<bool> CreateAsync(NewUser user, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO backend_auth.users (id, email, email_canonical, password_hash, first_name, last_name, role, password_changed_at, tokens_valid_after, created_at, updated_at)
            VALUES (@Id, @Email, @EmailCanonical, @PasswordHash, @FirstName, @LastName, @Role, @Now, date_trunc('second', @Now), @Now, @Now)
            ON CONFLICT DO NOTHING
            """,
            user,
            cancellationToken: ct));
        return inserted == 1;
    }

    /// <summary>
    /// The person whose canonical email is <paramref name="canonical"/>; an account the canonical-email migration could not
    /// give one (a reported duplicate) is found by its address exactly as stored.
    /// </summary>
    public async Task<UserRow?> FindByEmailAsync(string canonical, string asTyped, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            $"""
            SELECT {Columns} FROM backend_auth.users
            WHERE kind = 'person' AND deleted_at IS NULL AND (email_canonical = @canonical OR (email_canonical IS NULL AND email = @asTyped))
            ORDER BY email_canonical NULLS LAST LIMIT 1
            """,
            new { canonical, asTyped },
            cancellationToken: ct));
    }

    public async Task<UserRow?> FindByIdAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            $"SELECT {Columns} FROM backend_auth.users WHERE id = @id AND deleted_at IS NULL",
            new { id },
            cancellationToken: ct));
    }

    public async Task<TokenState?> ReadTokenStateAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<TokenState>(new CommandDefinition(
            "SELECT tokens_valid_after AS TokensValidAfter, is_active AND deleted_at IS NULL AS IsActive, role AS Role FROM backend_auth.users WHERE id = @id AND kind = 'person'",
            new { id },
            cancellationToken: ct));
    }

    /// <summary>
    /// Reserves one password attempt before the hash is checked, in one statement: refused while the account is locked
    /// (<see cref="LoginReservation.Locked"/>) or while <paramref name="threshold"/> attempts are already counted and
    /// unresolved (<see cref="LoginReservation.Busy"/>: wait for them). The reserved attempt counts as a failure until
    /// <see cref="RecordLoginAsync"/> proves it right.
    /// </summary>
    public async Task<LoginReservation> ReserveLoginAttemptAsync(Guid id, DateTimeOffset now, int threshold, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleAsync<LoginReservation>(new CommandDefinition(
            """
            WITH reserved AS (
                UPDATE backend_auth.users SET failed_login_count = failed_login_count + 1, updated_at = greatest(updated_at, @now)
                WHERE id = @id AND (locked_until IS NULL OR locked_until <= @now) AND failed_login_count < @threshold
                RETURNING id)
            SELECT CASE WHEN EXISTS (SELECT 1 FROM reserved) THEN 0
                        WHEN (SELECT locked_until > @now FROM backend_auth.users WHERE id = @id) THEN 1
                        ELSE 2 END
            """,
            new { id, now, threshold },
            cancellationToken: ct));
    }

    /// <summary>
    /// A reserved attempt failed. When the counted attempts reach <paramref name="threshold"/>, locks the account for
    /// <paramref name="baseDuration"/> × 2^(earlier lockouts), at most <paramref name="maxDuration"/>, and restarts the count;
    /// exactly one of many concurrent failures does so (null for the others).
    /// </summary>
    public async Task<LockoutState?> RecordFailedLoginAsync(Guid id, DateTimeOffset now, int threshold, TimeSpan baseDuration, TimeSpan maxDuration, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<LockoutState>(new CommandDefinition(
            """
            UPDATE backend_auth.users SET
                failed_login_count = 0,
                lockout_count = lockout_count + 1,
                locked_until = @now + least(@baseDuration * power(2, least(lockout_count, 30)), @maxDuration),
                updated_at = greatest(updated_at, @now)
            WHERE id = @id AND failed_login_count >= @threshold
            RETURNING true AS JustLocked, locked_until AS LockedUntil, lockout_count AS LockoutCount
            """,
            new { id, now, threshold, baseDuration, maxDuration },
            cancellationToken: ct));
    }

    /// <summary>
    /// A reserved attempt succeeded: clears the counts, stamps the time and upgrades the hash when given one. False when a
    /// concurrent failure locked the account meanwhile: the lock stands and the login is refused.
    /// </summary>
    public async Task<bool> RecordLoginAsync(Guid id, DateTimeOffset now, string? upgradedHash, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE backend_auth.users SET
                failed_login_count = 0, lockout_count = 0, last_login_at = @now,
                password_hash = coalesce(@upgradedHash, password_hash), updated_at = greatest(updated_at, @now)
            WHERE id = @id AND (locked_until IS NULL OR locked_until <= @now)
            """,
            new { id, now, upgradedHash },
            cancellationToken: ct)) == 1;
    }

    /// <summary>A reserved attempt that proved the current password without logging in (password change): gives the attempt back.</summary>
    public async Task<bool> ReleaseLoginAttemptAsync(Guid id, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE backend_auth.users SET failed_login_count = 0, updated_at = greatest(updated_at, @now)
            WHERE id = @id AND (locked_until IS NULL OR locked_until <= @now)
            """,
            new { id, now },
            cancellationToken: ct)) == 1;
    }

    public async Task<UserRow?> UpdateNamesAsync(Guid id, string? firstName, string? lastName, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            $"""
            UPDATE backend_auth.users SET
                first_name = coalesce(@firstName, first_name), last_name = coalesce(@lastName, last_name), updated_at = greatest(updated_at, @now)
            WHERE id = @id AND deleted_at IS NULL AND kind = 'person'
            RETURNING {Columns}
            """,
            new { id, firstName, lastName, now },
            cancellationToken: ct));
    }

    /// <summary>
    /// Sets a new password hash and ends every session (tokens_valid_after, refresh tokens, security stamp), in one
    /// transaction. Null when the account is gone.
    /// </summary>
    public async Task<DateTime?> ChangePasswordAsync(Guid id, string passwordHash, DateTimeOffset now, DateTimeOffset tokensValidAfter, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var validAfter = await connection.QuerySingleOrDefaultAsync<DateTime?>(new CommandDefinition(
            $"""
            UPDATE backend_auth.users SET
                password_hash = @passwordHash, password_changed_at = @now, {EndSessions},
                failed_login_count = 0, updated_at = greatest(updated_at, @now)
            WHERE id = @id AND kind = 'person'
            RETURNING tokens_valid_after
            """,
            new { id, passwordHash, now, tokensValidAfter },
            transaction,
            cancellationToken: ct));
        await RefreshTokenRepository.RevokeAllAsync(connection, transaction, id, now, "password_change", ct);
        await transaction.CommitAsync(ct);
        return validAfter;
    }

    /// <summary>
    /// Spends the reset token (and every other open token of the user), sets the new password and ends every session, in
    /// one transaction. False when the token was spent, expired or issued before the account's last security event.
    /// </summary>
    public async Task<bool> ResetPasswordAsync(byte[] tokenHash, Guid userId, string passwordHash, DateTimeOffset now, DateTimeOffset tokensValidAfter, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // Locking the user row first orders this reset after any concurrent event that bumps the stamp.
        var stamp = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            "SELECT security_stamp FROM backend_auth.users WHERE id = @userId AND is_active AND deleted_at IS NULL FOR UPDATE",
            new { userId },
            transaction,
            cancellationToken: ct));
        if (stamp is null || !await PasswordResetRepository.SpendAsync(connection, transaction, tokenHash, userId, stamp.Value, now, ct))
        {
            await transaction.RollbackAsync(ct);
            return false;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            $"""
            UPDATE backend_auth.users SET
                password_hash = @passwordHash, password_changed_at = @now, {EndSessions},
                failed_login_count = 0, lockout_count = 0, locked_until = NULL, updated_at = greatest(updated_at, @now)
            WHERE id = @userId
            """,
            new { userId, passwordHash, now, tokensValidAfter },
            transaction,
            cancellationToken: ct));
        await RefreshTokenRepository.RevokeAllAsync(connection, transaction, userId, now, "password_reset", ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    /// <summary>
    /// Ends every session (access tokens, refresh tokens, reset tokens) and writes <paramref name="audit"/> with the number of
    /// refresh tokens revoked, in one transaction; false when the user is unknown.
    /// </summary>
    public async Task<bool> RevokeSessionsAsync(Guid id, DateTimeOffset now, DateTimeOffset tokensValidAfter, string reason, AuditEvent audit, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var updated = await connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE backend_auth.users SET {EndSessions}, updated_at = greatest(updated_at, @now) WHERE id = @id AND deleted_at IS NULL AND kind = 'person'",
            new { id, now, tokensValidAfter },
            transaction,
            cancellationToken: ct));
        if (updated == 0)
        {
            return false;
        }

        var revoked = await RefreshTokenRepository.RevokeAllAsync(connection, transaction, id, now, reason, ct);
        await AuditEvents.InsertAsync(connection, transaction, audit with { DetailsJson = $$"""{"refresh_tokens_revoked":{{revoked}}}""" }, ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    /// <summary>
    /// Applies <paramref name="change"/> and writes <paramref name="audit"/> (when given) in one transaction. Every active
    /// admin row is locked first, so two admins demoting or deactivating each other concurrently cannot leave no active
    /// admin: the second waits, then sees only one admin left and gets <see cref="UserChangeStatus.LastAdmin"/>.
    /// A role change, deactivation or reactivation ends every session.
    /// </summary>
    public async Task<UserChangeOutcome> ChangeAsync(Guid id, UserChange change, DateTimeOffset now, DateTimeOffset tokensValidAfter, AuditEvent? audit, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var admins = (await connection.QueryAsync<Guid>(new CommandDefinition(
            "SELECT id FROM backend_auth.users WHERE role = 'admin' AND is_active AND deleted_at IS NULL AND kind = 'person' ORDER BY id FOR UPDATE",
            transaction: transaction,
            cancellationToken: ct))).ToList();
        var current = await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            $"SELECT {Columns} FROM backend_auth.users WHERE id = @id AND deleted_at IS NULL AND kind = 'person' FOR UPDATE",
            new { id },
            transaction,
            cancellationToken: ct));
        if (current is null)
        {
            return new UserChangeOutcome(UserChangeStatus.NotFound, null, false);
        }

        var removesAdmin = admins.Contains(id) && ((change.Role is not null && change.Role != "admin") || change.IsActive == false);
        if (removesAdmin && admins.Count == 1)
        {
            return new UserChangeOutcome(UserChangeStatus.LastAdmin, current, false);
        }

        var endSessions = (change.Role is not null && change.Role != current.Role) || (change.IsActive is { } active && active != current.IsActive);
        var row = await connection.QuerySingleAsync<UserRow>(new CommandDefinition(
            $"""
            UPDATE backend_auth.users SET
                role = coalesce(@Role, role),
                is_active = coalesce(@IsActive, is_active),
                first_name = coalesce(@FirstName, first_name),
                last_name = coalesce(@LastName, last_name),
                tokens_valid_after = CASE WHEN @endSessions THEN greatest(tokens_valid_after + interval '1 second', @tokensValidAfter) ELSE tokens_valid_after END,
                security_stamp = CASE WHEN @endSessions THEN security_stamp + 1 ELSE security_stamp END,
                updated_at = greatest(updated_at, @now)
            WHERE id = @id
            RETURNING {Columns}
            """,
            new { id, change.Role, change.IsActive, change.FirstName, change.LastName, endSessions, tokensValidAfter, now },
            transaction,
            cancellationToken: ct));
        if (endSessions)
        {
            await RefreshTokenRepository.RevokeAllAsync(connection, transaction, id, now, change.IsActive == false ? "deactivated" : "role_change", ct);
        }

        if (audit is not null)
        {
            await AuditEvents.InsertAsync(connection, transaction, audit, ct);
        }

        await transaction.CommitAsync(ct);
        return new UserChangeOutcome(UserChangeStatus.Changed, row, endSessions);
    }

    /// <summary>Clears the lock and the failure counts; null when the user is unknown.</summary>
    public async Task<UserRow?> UnlockAsync(Guid id, DateTimeOffset now, AuditEvent audit, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            $"""
            UPDATE backend_auth.users SET failed_login_count = 0, lockout_count = 0, locked_until = NULL, updated_at = greatest(updated_at, @now)
            WHERE id = @id AND deleted_at IS NULL AND kind = 'person'
            RETURNING {Columns}
            """,
            new { id, now },
            transaction,
            cancellationToken: ct));
        if (row is not null)
        {
            await AuditEvents.InsertAsync(connection, transaction, audit, ct);
        }

        await transaction.CommitAsync(ct);
        return row;
    }

    /// <summary>
    /// Gives canonical emails to accounts that have none yet; an account whose canonical form another account holds is
    /// recorded in email_canonical_conflicts instead (never merged). Returns the conflicts found by this call.
    /// </summary>
    public async Task<IReadOnlyList<EmailConflict>> BackfillCanonicalEmailsAsync(Func<string, string?> canonicalize, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var pending = (await connection.QueryAsync<(Guid Id, string Email)>(new CommandDefinition(
            "SELECT id, email FROM backend_auth.email_canonical_backlog ORDER BY id",
            cancellationToken: ct))).ToList();
        var conflicts = new List<EmailConflict>();
        foreach (var (id, email) in pending)
        {
            if (canonicalize(email) is not { } canonical)
            {
                continue;
            }

            var holder = await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
                """
                WITH taken AS (SELECT id FROM backend_auth.users WHERE email_canonical = @canonical),
                     set_it AS (UPDATE backend_auth.users SET email_canonical = @canonical WHERE id = @id AND NOT EXISTS (SELECT 1 FROM taken) RETURNING id)
                SELECT id FROM taken
                """,
                new { id, canonical },
                cancellationToken: ct));
            if (holder is { } holderId)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO backend_auth.email_canonical_conflicts (user_id, email_canonical, holder_id, found_at) VALUES (@id, @canonical, @holderId, @now) ON CONFLICT DO NOTHING",
                    new { id, canonical, holderId, now },
                    cancellationToken: ct));
                conflicts.Add(new EmailConflict(id, email, canonical, holderId));
            }
        }

        return conflicts;
    }

    /// <summary>The principal of a new API key: a service account with the key's id, name and role that cannot log in.</summary>
    internal static Task InsertServiceAccountAsync(NpgsqlConnection connection, IDbTransaction transaction, NewApiKey key, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO backend_auth.users (id, email, password_hash, first_name, last_name, role, kind, password_changed_at, tokens_valid_after, created_at, updated_at)
            VALUES (@Id, 'api-key-' || @Id || '@api-keys.invalid', '!', 'API key', @Name, @Role, 'service', @CreatedAt, @CreatedAt, @CreatedAt, @CreatedAt)
            """,
            key,
            transaction,
            cancellationToken: ct));

    /// <summary>A revoked key's principal stops being active.</summary>
    internal static Task DeactivateServiceAccountAsync(NpgsqlConnection connection, IDbTransaction transaction, Guid id, DateTimeOffset now, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            "UPDATE backend_auth.users SET is_active = false, updated_at = greatest(updated_at, @now) WHERE id = @id AND kind = 'service'",
            new { id, now },
            transaction,
            cancellationToken: ct));
}
