using Backend.Api.Http;
using Backend.Api.Http.Security;
using Backend.Data.Auth;
using FastEndpoints;

namespace Backend.Api.Features.Auth.Validate;

/// <summary>For other services that forward a user's bearer token: 200 with the user, or a 401 problem.</summary>
internal sealed class ValidateEndpoint(UserRepository users) : EndpointWithoutRequest<Envelope<UserResponse>>
{
    public override void Configure()
    {
        Get("/validate");
        Group<AuthGroup>();
        Policies(AuthPolicies.User);
        Description(b => b.ProducesProblemDetails(401, Problems.ContentType));
        Summary(s =>
        {
            s.Summary = "Validate a bearer token";
            s.Description = "Checks signature, algorithm, issuer, audience, lifetime and revocation; answers the token's user (id, email, role, names).";
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var user = await users.FindByIdAsync(User.UserId()!.Value, ct);
        if (user is not { IsActive: true })
        {
            await Send.UnauthorizedAsync(ct);
            return;
        }

        await Send.OkAsync(Envelope.Of(HttpContext, UserResponse.From(user)), ct);
    }
}
