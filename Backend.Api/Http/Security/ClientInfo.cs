namespace Backend.Api.Http.Security;

/// <summary>Who is calling, for refresh-token rows and audit events. The IP is already proxy-resolved (TRUSTED_PROXIES).</summary>
internal sealed record ClientInfo(string? Ip, string? UserAgent)
{
    private const int MaxUserAgent = 512;

    public static ClientInfo From(HttpContext context)
    {
        var agent = context.Request.Headers.UserAgent.ToString();
        return new ClientInfo(
            context.Connection.RemoteIpAddress?.ToString(),
            string.IsNullOrEmpty(agent) ? null : agent.Length > MaxUserAgent ? agent[..MaxUserAgent] : agent);
    }
}
