using FastEndpoints;
using FluentValidation;

namespace Backend.Api.Features.Auth.Refresh;

internal sealed class RefreshRequest
{
    /// <summary>Omitted in browser mode: the refresh_token cookie is used (with X-CSRF-Token).</summary>
    public string? RefreshToken { get; init; }
}

internal sealed class RefreshRequestValidator : Validator<RefreshRequest>
{
    public RefreshRequestValidator()
    {
        RuleFor(x => x.RefreshToken).MaximumLength(512);
    }
}
