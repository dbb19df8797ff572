using Backend.Api.Hosting.Settings;

namespace Backend.Tests.Hosting;

public sealed class AuthSettingsTests
{
    private static readonly Dictionary<string, string?> Production = new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["DATABASE_URL"] = "postgresql://u:p@localhost:5432/db",
    };

    [Fact]
    public void Jwt_secret_is_required_outside_development()
    {
        var (_, errors) = BackendSettings.Load(Production);

        errors.ShouldContain(e => e.StartsWith("JWT_SECRET:", StringComparison.Ordinal));
    }

    [Fact]
    public void A_short_jwt_secret_is_rejected_without_echoing_it()
    {
        var (_, errors) = BackendSettings.Load(new Dictionary<string, string?>(Production) { ["JWT_SECRET"] = "too-short-secret" });

        var error = errors.Single(e => e.StartsWith("JWT_SECRET:", StringComparison.Ordinal));
        error.ShouldContain("32 bytes");
        error.ShouldNotContain("too-short-secret");
    }

    [Fact]
    public void Development_without_a_secret_generates_one()
    {
        var (settings, errors) = BackendSettings.Load(new Dictionary<string, string?> { ["ASPNETCORE_ENVIRONMENT"] = "Development" });

        errors.ShouldBeEmpty();
        settings.Auth.GeneratedSecret.ShouldBeTrue();
    }

    [Fact]
    public void Every_auth_variable_is_validated_with_its_name()
    {
        var (_, errors) = BackendSettings.Load(new Dictionary<string, string?>(Production)
        {
            ["JWT_SECRET"] = new string('s', 40),
            ["JWT_ALG"] = "HS512",
            ["JWT_ACCESS_TTL"] = "forever",
            ["LOCKOUT_THRESHOLD"] = "0",
            ["PASSWORD_MIN_LENGTH"] = "4",
            ["TRUSTED_PROXIES"] = "10.0.0.0/8,not-an-ip",
            ["RESET_WEBHOOK_URL"] = "ftp://x",
            ["AUTH_RATE_LIMIT"] = "-1",
            ["ADMIN_EMAIL"] = "admin@example.com",
        });

        foreach (var name in new[] { "JWT_ALG", "JWT_ACCESS_TTL", "LOCKOUT_THRESHOLD", "PASSWORD_MIN_LENGTH", "TRUSTED_PROXIES", "RESET_WEBHOOK_URL", "AUTH_RATE_LIMIT", "ADMIN_PASSWORD" })
        {
            errors.ShouldContain(e => e.StartsWith(name + ":", StringComparison.Ordinal), name);
        }
    }

    [Fact]
    public void Rs256_needs_a_readable_private_key_file()
    {
        var (_, errors) = BackendSettings.Load(new Dictionary<string, string?>(Production) { ["JWT_ALG"] = "RS256", ["JWT_PRIVATE_KEY_FILE"] = "/nonexistent/key.pem" });

        errors.ShouldContain(e => e.StartsWith("JWT_PRIVATE_KEY_FILE:", StringComparison.Ordinal));
        errors.ShouldNotContain(e => e.StartsWith("JWT_SECRET:", StringComparison.Ordinal));
    }
}
