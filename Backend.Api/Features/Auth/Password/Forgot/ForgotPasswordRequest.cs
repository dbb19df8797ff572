using FastEndpoints;
using FluentValidation;

namespace Backend.Api.Features.Auth.Password.Forgot;

internal sealed class ForgotPasswordRequest
{
    public string Email { get; init; } = string.Empty;
}

internal sealed class ForgotPasswordRequestValidator : Validator<ForgotPasswordRequest>
{
    public ForgotPasswordRequestValidator()
    {
        RuleFor(x => x.Email).NotEmpty().MaximumLength(EmailAddress.MaxLength);
    }
}
