using System.Net;
using Backend.Api.Features.Auth;

namespace Backend.Api.Hosting.Settings;

/// <summary>Reads <see cref="AuthSettings"/> (JWT_*, LOCKOUT_*, PASSWORD_*, AUTH_RATE_*, RESET_*, TRUSTED_PROXIES, ADMIN_*).</summary>
internal static class AuthSettingsReader
{
    public static AuthSettings Read(SettingsReader read, bool isDevelopment)
    {
        var settings = new AuthSettings
        {
            Keys = JwtKeysReader.Read(read, isDevelopment),
            Issuer = read.String("JWT_ISSUER", "backend-module"),
            Audience = read.String("JWT_AUDIENCE", "kgl-api"),
            AccessTokenLifetime = read.Duration("JWT_ACCESS_TTL", TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(1), TimeSpan.FromDays(1)),
            RefreshTokenLifetime = read.Duration("JWT_REFRESH_TTL", TimeSpan.FromDays(7), TimeSpan.FromMinutes(5), TimeSpan.FromDays(90)),
            ClockSkew = read.Duration("JWT_CLOCK_SKEW", TimeSpan.FromSeconds(30), TimeSpan.Zero, TimeSpan.FromMinutes(5)),
            RevocationCacheDuration = read.Duration("TOKEN_REVOCATION_CACHE", TimeSpan.FromSeconds(30), TimeSpan.Zero, TimeSpan.FromSeconds(30)),
            ResetTokenLifetime = read.Duration("RESET_TOKEN_TTL", TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(1), TimeSpan.FromDays(1)),
            ResetWebhookUrl = ReadUrl(read, "RESET_WEBHOOK_URL"),
            LockoutThreshold = read.Int("LOCKOUT_THRESHOLD", 5, 1, 1000),
            LockoutDuration = read.Duration("LOCKOUT_DURATION", TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(1), TimeSpan.FromDays(1)),
            LockoutMaxDuration = read.Duration("LOCKOUT_MAX_DURATION", TimeSpan.FromHours(24), TimeSpan.FromSeconds(1), TimeSpan.FromDays(30)),
            PasswordMinLength = read.Int("PASSWORD_MIN_LENGTH", 12, 8, 128),
            HashParameters = new PasswordHashParameters(
                MemoryKib: read.Int("PASSWORD_HASH_MEMORY_KIB", 19456, 7168, 1_048_576),
                Iterations: read.Int("PASSWORD_HASH_ITERATIONS", 2, 1, 20),
                Parallelism: read.Int("PASSWORD_HASH_PARALLELISM", 1, 1, 16)),
            TrustedProxies = ReadNetworks(read, "TRUSTED_PROXIES"),
            RateLimitPermits = read.Int("AUTH_RATE_LIMIT", 20, 1, 1_000_000),
            RateLimitWindow = read.Duration("AUTH_RATE_WINDOW", TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(1), TimeSpan.FromHours(1)),
            AdminEmail = read.Raw("ADMIN_EMAIL"),
            AdminPassword = read.Raw("ADMIN_PASSWORD"),
        };

        if (settings.LockoutMaxDuration < settings.LockoutDuration)
        {
            read.Fail("LOCKOUT_MAX_DURATION", "must not be shorter than LOCKOUT_DURATION");
        }

        if ((settings.AdminEmail is null) != (settings.AdminPassword is null))
        {
            read.Fail(settings.AdminEmail is null ? "ADMIN_EMAIL" : "ADMIN_PASSWORD", "ADMIN_EMAIL and ADMIN_PASSWORD are set together or not at all");
        }
        else if (settings.AdminEmail is not null && !EmailAddress.IsPlausible(settings.AdminEmail))
        {
            read.Fail("ADMIN_EMAIL", "is not an email address");
        }

        return settings;
    }

    private static Uri? ReadUrl(SettingsReader read, string name)
    {
        var raw = read.Raw(name);
        if (raw is null)
        {
            return null;
        }

        if (!Uri.TryCreate(raw, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            read.Fail(name, "is not an absolute http(s) URL");
            return null;
        }

        return uri;
    }

    private static List<IPNetwork> ReadNetworks(SettingsReader read, string name)
    {
        var networks = new List<IPNetwork>();
        foreach (var entry in read.List(name, string.Empty))
        {
            if (IPNetwork.TryParse(entry, out var network))
            {
                networks.Add(network);
            }
            else if (IPAddress.TryParse(entry, out var address))
            {
                networks.Add(new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
            }
            else
            {
                read.Fail(name, $"'{entry}' is not an IP address or CIDR network (e.g. 10.0.0.0/8)");
            }
        }

        return networks;
    }
}
