using Backend.Api.Http;

namespace Backend.Api.Features.Auth;

/// <summary>The auth slice's problems, as values the endpoints send (token problems go with <c>WWW-Authenticate: Bearer</c>).</summary>
internal static class AuthProblems
{
    public const string BearerChallenge = "Bearer";

    /// <summary>One answer for unknown email, wrong password, locked or inactive account: nothing to enumerate.</summary>
    public static ApiProblem InvalidCredentials(HttpContext context) =>
        Problems.Create(context, 401, "The email or password is incorrect.", "invalid-credentials", "Invalid credentials");

    public static ApiProblem InvalidRefreshToken(HttpContext context) =>
        Problems.Create(context, 401, "The refresh token is invalid, expired or already used.", "invalid-refresh-token", "Invalid refresh token");

    /// <summary>403 for an API key on an account endpoint (me, logout, password/*): a key has no password, profile or sessions.</summary>
    public static ApiProblem ApiKeyNotAllowed(HttpContext context) =>
        Problems.Create(context, 403,
            "API keys cannot use account endpoints (/auth/me, /auth/logout, /auth/password/*): a key has no profile, password or sessions; use a user's token.",
            "api-key-not-allowed", "Not available to API keys");

    public static ApiProblem PasswordRejected(HttpContext context, string field, string reason) =>
        Problems.Create(context, 400, reason, "validation", "Validation failed", [new FieldError(field, "password_policy", reason)]);
}
