using Backend.Api.Http.OpenApi;
using FastEndpoints;
using FluentValidation;

namespace Backend.Api.Features.Auth.Token;

/// <summary>JSON <c>{email, password, use_cookies}</c>, or the OAuth2 password form (<c>grant_type=password&amp;username=…&amp;password=…</c>).</summary>
[OptionalInBody(nameof(Email))]
internal sealed class TokenRequest
{
    public string? Email { get; init; }

    /// <summary>The OAuth2 form's name for the email.</summary>
    public string? Username { get; init; }

    public string Password { get; init; } = string.Empty;

    public string? GrantType { get; init; }

    /// <summary>Browser mode: tokens in httpOnly cookies instead of the body.</summary>
    public bool UseCookies { get; init; }

    public string Login => (Email ?? Username ?? string.Empty).Trim();
}

internal sealed class TokenRequestValidator : Validator<TokenRequest>
{
    public TokenRequestValidator()
    {
        RuleFor(x => x.Login).NotEmpty().WithName("email").MaximumLength(EmailAddress.MaxLength).OverridePropertyName("email");
        RuleFor(x => x.Password).NotEmpty().MaximumLength(1024);
        RuleFor(x => x.GrantType).Equal("password").When(x => x.GrantType is not null);
    }
}
