using Backend.Api.Http;
using Backend.Api.Http.Security;
using Backend.Data.Auth;
using FastEndpoints;

namespace Backend.Api.Features.Admin.Users.Get;

internal sealed class GetUserEndpoint(UserRepository users) : Endpoint<UserIdRequest, Envelope<AdminUserResponse>>
{
    public override void Configure()
    {
        Get("users/{id:guid}");
        Group<AdminGroup>();
        Policies(AuthPolicies.Moderator);
        Description(b => b.ProducesProblemDetails(401, Problems.ContentType).ProducesProblemDetails(403, Problems.ContentType).ProducesProblemDetails(404, Problems.ContentType), clearDefaults: false);
        Summary(s => s.Summary = "Get a user (moderators and admins)");
    }

    public override async Task HandleAsync(UserIdRequest req, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(req.Id, ct);
        if (user is null)
        {
            await Problems.WriteAsync(HttpContext, AdminProblems.UserNotFound(HttpContext, req.Id));
            return;
        }

        await Send.OkAsync(Envelope.Of(HttpContext, AdminUserResponse.From(user)), ct);
    }
}
