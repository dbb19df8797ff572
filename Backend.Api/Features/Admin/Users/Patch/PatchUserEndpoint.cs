using Backend.Api.Features.Audit;
using Backend.Api.Http;
using Backend.Api.Http.Security;
using Backend.Data.Admin;
using FastEndpoints;

namespace Backend.Api.Features.Admin.Users.Patch;

/// <summary>Changes role, active flag or names. A role change or deactivation ends every session of the user.</summary>
internal sealed class PatchUserEndpoint(UserChanges changes) : Endpoint<PatchUserRequest, Envelope<AdminUserResponse>>
{
    public override void Configure()
    {
        Patch("users/{id:guid}");
        Group<AdminGroup>();
        Policies(AuthPolicies.Admin);
        Description(b => b
            .ProducesProblemDetails(400, Problems.ContentType).ProducesProblemDetails(401, Problems.ContentType).ProducesProblemDetails(403, Problems.ContentType)
            .ProducesProblemDetails(404, Problems.ContentType).ProducesProblemDetails(409, Problems.ContentType), clearDefaults: false);
        Summary(s =>
        {
            s.Summary = "Update a user (admins)";
            s.Description = "Body: any of role (user, moderator, admin), is_active, first_name, last_name. Changing the role or deactivating ends the user's sessions at once. " +
                "409 when the change would leave no active admin.";
            s.ExampleRequest = new PatchUserRequest { Role = Http.Security.Roles.Moderator };
        });
    }

    public override async Task HandleAsync(PatchUserRequest req, CancellationToken ct)
    {
        var change = new UserChange(req.Role, req.IsActive, req.FirstName?.Trim(), req.LastName?.Trim());
        var outcome = await changes.ApplyAsync(AuditActors.From(HttpContext), req.Id, change, AuditActions.AdminUserUpdate, ct);
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
