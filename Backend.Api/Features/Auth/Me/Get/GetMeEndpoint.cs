using Backend.Api.Http;
using Backend.Api.Http.Security;
using Backend.Data.Auth;
using FastEndpoints;

namespace Backend.Api.Features.Auth.Me.Get;

/// <summary>The caller's own account.</summary>
internal sealed class GetMeEndpoint(UserRepository users) : EndpointWithoutRequest<Envelope<UserResponse>>
{
    public override void Configure()
    {
        Get("/me");
        Group<AuthGroup>();
        Policies(AuthPolicies.User);
        Description(b => b.ProducesProblemDetails(401, Problems.ContentType).ProducesProblemDetails(403, Problems.ContentType));
        Summary(s => s.Summary = "The current user");
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        if (User.ApiKeyId() is not null)
        {
            await Problems.WriteAsync(HttpContext, AuthProblems.ApiKeyNotAllowed(HttpContext));
            return;
        }

        var user = await users.FindByIdAsync(User.UserId()!.Value, ct);
        if (user is null)
        {
            await Send.UnauthorizedAsync(ct);
            return;
        }

        await Send.OkAsync(Envelope.Of(HttpContext, UserResponse.From(user)), ct);
    }
}
