using Backend.Data.Auth;
using Npgsql;

namespace Backend.Api.Hosting.Auth;

/// <summary>The first admin: from ADMIN_EMAIL/ADMIN_PASSWORD at startup, or the <c>admin create</c> command.</summary>
internal static class AdminAccounts
{
    /// <summary>Creates the admin when no account has that email; never touches an existing account. Idempotent across replicas.</summary>
    public static async Task BootstrapAsync(NpgsqlDataSource dataSource, AuthSettings settings, TimeProvider time, ILogger logger, CancellationToken ct)
    {
        if (settings.AdminEmail is null || settings.AdminPassword is null)
        {
            return;
        }

        var users = new UserRepository(dataSource);
        if (await users.FindByEmailAsync(settings.AdminEmail, ct) is not null)
        {
            logger.LogInformation("Admin bootstrap: an account for ADMIN_EMAIL exists; left unchanged");
            return;
        }

        var created = await CreateAsync(users, settings, settings.AdminEmail, settings.AdminPassword, time, ct);
        if (created is null)
        {
            logger.LogInformation("Admin bootstrap: another replica created the admin first");
        }
        else
        {
            logger.LogInformation("Admin bootstrap: created admin {UserId}", created);
        }
    }

    /// <summary>Creates an admin, or promotes the existing account of that email (its password stays). Returns a line for the operator.</summary>
    public static async Task<string> CreateOrPromoteAsync(NpgsqlDataSource dataSource, AuthSettings settings, string email, string? password, TimeProvider time, CancellationToken ct)
    {
        var users = new UserRepository(dataSource);
        var existing = await users.FindByEmailAsync(email, ct);
        if (existing is not null)
        {
            if (existing.Role == Roles.Admin)
            {
                return $"{existing.Email} is already an admin ({existing.Id}); nothing changed.";
            }

            var now = time.GetUtcNow();
            await users.SetRoleAsync(existing.Id, Roles.Admin, now, AccessTokenIssuer.RevocationInstant(now), ct);
            return $"Promoted {existing.Email} ({existing.Id}) from {existing.Role} to admin; its sessions were ended.";
        }

        if (string.IsNullOrEmpty(password))
        {
            throw new InvalidOperationException("No password: set ADMIN_PASSWORD or pipe it on stdin.");
        }

        var id = await CreateAsync(users, settings, email, password, time, ct);
        return id is null ? $"{email} was created concurrently; run again to promote it." : $"Created admin {email} ({id}).";
    }

    private static async Task<Guid?> CreateAsync(UserRepository users, AuthSettings settings, string email, string password, TimeProvider time, CancellationToken ct)
    {
        if (!EmailAddress.IsPlausible(email))
        {
            throw new InvalidOperationException("The admin email is not an email address.");
        }

        if (new PasswordPolicy(settings).Check(password, email) is { } reason)
        {
            throw new InvalidOperationException("The admin password is rejected: " + reason);
        }

        using var hasher = new PasswordHasher(settings);
        var user = new NewUser(Guid.CreateVersion7(), EmailAddress.Normalize(email), await hasher.HashAsync(password, ct), "Admin", "Admin", Roles.Admin, time.GetUtcNow());
        return await users.CreateAsync(user, ct) ? user.Id : null;
    }
}
