using Backend.Api.Http;
using Backend.Api.Http.Security;
using Backend.Data.Auth;
using FastEndpoints;

namespace Backend.Api.Features.Auth.Me.Update;

/// <summary>Changes the caller's names.</summary>
internal sealed class UpdateMeEndpoint(UserRepository users, TimeProvider time) : Endpoint<UpdateMeRequest, Envelope<UserResponse>>
{
    public override void Configure()
    {
        Patch("/me");
        Group<AuthGroup>();
        Policies(AuthPolicies.User);
        Description(b => b.ProducesProblemDetails(400, Problems.ContentType).ProducesProblemDetails(401, Problems.ContentType).ProducesProblemDetails(403, Problems.ContentType));
        Summary(s => s.Summary = "Update the current user's names");
    }

    public override async Task HandleAsync(UpdateMeRequest req, CancellationToken ct)
    {
        if (User.ApiKeyId() is not null)
        {
            await Problems.WriteAsync(HttpContext, AuthProblems.ApiKeyNotAllowed(HttpContext));
            return;
        }

        var user = await users.UpdateNamesAsync(User.UserId()!.Value, req.FirstName?.Trim(), req.LastName?.Trim(), time.GetUtcNow(), ct);
        if (user is null)
        {
            await Send.UnauthorizedAsync(ct);
            return;
        }

        await Send.OkAsync(Envelope.Of(HttpContext, UserResponse.From(user)), ct);
    }
}
