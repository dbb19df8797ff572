using Prometheus;

namespace Backend.Api.Hosting.Auth;

internal static class AuthMetrics
{
    public static readonly Counter Logins = Metrics.CreateCounter("backend_auth_logins_total", "Login attempts by outcome.", "outcome");

    public static readonly Counter Lockouts = Metrics.CreateCounter("backend_auth_lockouts_total", "Accounts locked after too many failed logins.");
}
