using Backend.Api.Http;
using Backend.Api.Http.Security;
using Backend.Data.Auth;
using FastEndpoints;

namespace Backend.Api.Features.Auth.Validate;

/// <summary>
/// For other services that forward a caller's credential: 200 with the principal, or a 401 problem. For a user's token the
/// principal is the user. For an API key it is the key's own service account: id = the key's id, email
/// api-key-&lt;id&gt;@api-keys.invalid, first_name "API key", last_name = the key's name, and role = the key's effective role
/// (its role capped at its creator's current role) — never the creator's identity.
/// </summary>
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
            s.Description = "Checks signature, algorithm, issuer, audience, lifetime and revocation; answers the token's user (id, email, role, names). "
                + "For an API key: the key's own identity (id = key id, last_name = key name) and its effective role, never its creator's.";
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

        // A key's stored role may be above its creator's current role; the principal's claim carries the capped one.
        await Send.OkAsync(Envelope.Of(HttpContext, UserResponse.From(User.ApiKeyId() is null ? user : user with { Role = User.Role()! })), ct);
    }
}
