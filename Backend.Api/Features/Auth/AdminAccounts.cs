using Backend.Api.Features.Auth.Passwords;
using Backend.Api.Features.Auth.Tokens;
using Backend.Api.Http.Security;
using Backend.Data.Admin;
using Backend.Data.Auth;

namespace Backend.Api.Features.Auth;

/// <summary>The first admin: from ADMIN_EMAIL/ADMIN_PASSWORD at startup, or the <c>admin create</c> command.</summary>
internal sealed class AdminAccounts(UserRepository users, PasswordHasher hasher, PasswordPolicy policy, AuthSettings settings, TimeProvider time, ILogger<AdminAccounts> logger)
{
    /// <summary>Creates the admin when no account has that email; never touches an existing account. Idempotent across replicas.</summary>
    public async Task BootstrapAsync(CancellationToken ct)
    {
        if (settings.AdminEmail is null || settings.AdminPassword is null)
        {
            return;
        }

        if (await users.FindByEmailAsync(EmailAddress.Canonical(settings.AdminEmail) ?? settings.AdminEmail, settings.AdminEmail.Trim(), ct) is not null)
        {
            logger.LogInformation("Admin bootstrap: an account for ADMIN_EMAIL exists; left unchanged");
            return;
        }

        var created = await CreateAsync(settings.AdminEmail, settings.AdminPassword, ct);
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
    public async Task<string> CreateOrPromoteAsync(string email, string? password, CancellationToken ct)
    {
        var existing = await users.FindByEmailAsync(EmailAddress.Canonical(email) ?? email, email.Trim(), ct);
        if (existing is not null)
        {
            if (existing.Role == Roles.Admin)
            {
                return $"{existing.Email} is already an admin ({existing.Id}); nothing changed.";
            }

            var now = time.GetUtcNow();
            await users.ChangeAsync(existing.Id, new UserChange(Roles.Admin, null, null, null), now, AccessTokenIssuer.RevocationInstant(now), null, ct);
            return $"Promoted {existing.Email} ({existing.Id}) from {existing.Role} to admin; its sessions were ended.";
        }

        if (string.IsNullOrEmpty(password))
        {
            throw new InvalidOperationException("No password: set ADMIN_PASSWORD or pipe it on stdin.");
        }

        var id = await CreateAsync(email, password, ct);
        return id is null ? $"{email} was created concurrently; run again to promote it." : $"Created admin {email} ({id}).";
    }

    private async Task<Guid?> CreateAsync(string email, string password, CancellationToken ct)
    {
        if (!EmailAddress.IsPlausible(email))
        {
            throw new InvalidOperationException("The admin email is not an email address.");
        }

        if (policy.Check(password, email) is { } reason)
        {
            throw new InvalidOperationException("The admin password is rejected: " + reason);
        }

        var user = new NewUser(Guid.CreateVersion7(), EmailAddress.Normalize(email), EmailAddress.Canonical(email)!, await hasher.HashAsync(password, ct), "Admin", "Admin", Roles.Admin, time.GetUtcNow());
        return await users.CreateAsync(user, ct) ? user.Id : null;
    }
}
