using Backend.Api.Http;

namespace Backend.Api.Features.Auth;

internal static class AuthProblems
{
    /// <summary>One answer for unknown email, wrong password, locked or inactive account: nothing to enumerate.</summary>
    public static Task InvalidCredentialsAsync(HttpContext context)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return Problems.WriteAsync(context, Problems.Create(context, 401, "The email or password is incorrect.", "invalid-credentials", "Invalid credentials"));
    }

    public static Task InvalidRefreshTokenAsync(HttpContext context)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return Problems.WriteAsync(context, Problems.Create(context, 401, "The refresh token is invalid, expired or already used.", "invalid-refresh-token", "Invalid refresh token"));
    }

    /// <summary>403 for an API key on an account endpoint (me, logout, password/*): a key has no password, profile or sessions.</summary>
    public static Task ApiKeyNotAllowedAsync(HttpContext context) =>
        Problems.WriteAsync(context, Problems.Create(context, 403,
            "API keys cannot use account endpoints (/auth/me, /auth/logout, /auth/password/*): a key has no profile, password or sessions; use a user's token.",
            "api-key-not-allowed", "Not available to API keys"));

    public static Task PasswordRejectedAsync(HttpContext context, string field, string reason) =>
        Problems.WriteAsync(context, Problems.Create(context, 400, reason, "validation", "Validation failed", [new FieldError(field, "password_policy", reason)]));
}
