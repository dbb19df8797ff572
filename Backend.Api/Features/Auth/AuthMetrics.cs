using Prometheus;

namespace Backend.Api.Features.Auth;

/// <summary>The <c>backend_*</c> series of accounts and authentication (the README's Metrics section lists them).</summary>
internal static class AuthMetrics
{
    public static readonly Counter LoginAttempts = Prometheus.Metrics.CreateCounter(
        "backend_login_attempts_total", "Login attempts by outcome: success, failure (unknown email, wrong password, inactive) or locked (account was locked).", "outcome");

    public static readonly Counter Lockouts = Prometheus.Metrics.CreateCounter(
        "backend_lockouts_total", "Accounts locked after too many failed logins in a row.");

    public static readonly Counter RefreshTokenReuse = Prometheus.Metrics.CreateCounter(
        "backend_refresh_token_reuse_total", "Refresh tokens presented again after rotation (the token family is revoked).");

    /// <summary>Publishes every login outcome at 0, so rate() and alerts see a series before the first login.</summary>
    public static void Initialize()
    {
        foreach (var outcome in new[] { "success", "failure", "locked" })
        {
            LoginAttempts.WithLabels(outcome);
        }
    }

    public static void LoginSucceeded() => LoginAttempts.WithLabels("success").Inc();

    /// <summary>Unknown email, wrong password or inactive account.</summary>
    public static void LoginFailed() => LoginAttempts.WithLabels("failure").Inc();

    /// <summary>A login attempt on an account that is currently locked.</summary>
    public static void LoginRejectedLocked() => LoginAttempts.WithLabels("locked").Inc();

    /// <summary>A failed login just locked the account.</summary>
    public static void AccountLocked() => Lockouts.Inc();

    public static void RefreshTokenReused() => RefreshTokenReuse.Inc();
}
