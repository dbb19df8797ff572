using Backend.Api.Http.Security;
using Backend.Data.Audit;

namespace Backend.Api.Http;

internal static class AuditActors
{
    /// <summary>The caller of this request as the audit trail records it.</summary>
    public static AuditActor From(HttpContext context)
    {
        var client = ClientInfo.From(context);
        return new AuditActor(context.User.UserId(), client.Ip, client.UserAgent, context.TraceIdentifier, context.User.ApiKeyId(), context.User.ApiKeyName());
    }
}
