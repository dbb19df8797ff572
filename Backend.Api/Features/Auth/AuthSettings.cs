using System.Net;

namespace Backend.Api.Features.Auth;

/// <summary>Every knob of accounts and authentication, read from the environment by Hosting's settings reader.</summary>
internal sealed record AuthSettings
{
    public required JwtKeys Keys { get; init; }
    public required string Issuer { get; init; }
    public required string Audience { get; init; }
    public TimeSpan AccessTokenLifetime { get; init; }
    public TimeSpan RefreshTokenLifetime { get; init; }
    public TimeSpan ClockSkew { get; init; }
    public TimeSpan RevocationCacheDuration { get; init; }
    public TimeSpan ResetTokenLifetime { get; init; }
    public Uri? ResetWebhookUrl { get; init; }
    public int LockoutThreshold { get; init; }
    public TimeSpan LockoutDuration { get; init; }
    public TimeSpan LockoutMaxDuration { get; init; }
    public int PasswordMinLength { get; init; }
    public required PasswordHashParameters HashParameters { get; init; }
    public required IReadOnlyList<IPNetwork> TrustedProxies { get; init; }
    public int RateLimitPermits { get; init; }
    public TimeSpan RateLimitWindow { get; init; }
    public string? AdminEmail { get; init; }
    public string? AdminPassword { get; init; }

    /// <summary>True when JWT_SECRET was absent in Development and a per-process secret was generated.</summary>
    public bool GeneratedSecret => Keys.GeneratedSecret;
}
