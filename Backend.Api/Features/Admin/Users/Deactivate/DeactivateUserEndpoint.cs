using Backend.Api.Features.Audit;
using Backend.Api.Http;
using Backend.Api.Http.Security;
using Backend.Data.Admin;
using FastEndpoints;

namespace Backend.Api.Features.Admin.Users.Deactivate;

/// <summary>Deactivates the account and ends every session immediately (access tokens and refresh-token families).</summary>
internal sealed class DeactivateUserEndpoint(UserChanges changes) : Endpoint<UserIdRequest, Envelope<AdminUserResponse>>
{
    public override void Configure()
    {
        Post("users/{id:guid}/deactivate");
        Group<AdminGroup>();
        Policies(AuthPolicies.Admin);
        Description(b => b
            .ProducesProblemDetails(401, Problems.ContentType).ProducesProblemDetails(403, Problems.ContentType)
            .ProducesProblemDetails(404, Problems.ContentType).ProducesProblemDetails(409, Problems.ContentType), clearDefaults: false);
        Summary(s =>
        {
            s.Summary = "Deactivate a user (admins)";
            s.Description = "Sets is_active=false, moves tokens_valid_after to now and revokes every refresh token. 409 for the last active admin. " +
                "Reactivate with PATCH {\"is_active\": true}.";
        });
    }

    public override async Task HandleAsync(UserIdRequest req, CancellationToken ct)
    {
        var outcome = await changes.ApplyAsync(AuditActors.From(HttpContext), req.Id, new UserChange(null, false, null, null), AuditActions.AdminUserDeactivate, ct);
        switch (outcome.Status)
        {
            case UserChangeStatus.NotFound:
                await Problems.WriteAsync(HttpContext, AdminProblems.UserNotFound(HttpContext, req.Id));
                break;
            case UserChangeStatus.LastAdmin:
                await Problems.WriteAsync(HttpContext, AdminProblems.LastAdmin(HttpContext));
                break;
            default:
                await Send.OkAsync(Envelope.Of(HttpContext, AdminUserResponse.From(outcome.User!)), ct);
                break;
        }
    }
}
