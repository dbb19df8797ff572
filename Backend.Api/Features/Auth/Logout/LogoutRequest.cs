using FastEndpoints;
using FluentValidation;

namespace Backend.Api.Features.Auth.Logout;

internal sealed class LogoutRequest
{
    /// <summary>The session to end; omitted in browser mode (the cookie is used).</summary>
    public string? RefreshToken { get; init; }

    /// <summary>End every session of the user, on every device (access tokens included).</summary>
    public bool All { get; init; }
}

internal sealed class LogoutRequestValidator : Validator<LogoutRequest>
{
    public LogoutRequestValidator()
    {
        RuleFor(x => x.RefreshToken).MaximumLength(512);
    }
}
