namespace Backend.Api.Http.Security;

/// <summary>Names of the rate-limit policies an endpoint may require (<c>RequireRateLimiting</c>); Hosting configures them.</summary>
internal static class RateLimitPolicies
{
    /// <summary>Per-client-IP fixed window over the auth endpoints (AUTH_RATE_LIMIT per AUTH_RATE_WINDOW).</summary>
    public const string Auth = "auth";
}
