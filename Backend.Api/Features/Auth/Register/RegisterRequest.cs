using Backend.Api.Features.Auth.Passwords;
using FastEndpoints;
using FluentValidation;

namespace Backend.Api.Features.Auth.Register;

internal sealed class RegisterRequest
{
    public string Email { get; init; } = string.Empty;

    public string Password { get; init; } = string.Empty;

    public string FirstName { get; init; } = string.Empty;

    public string LastName { get; init; } = string.Empty;
}

internal sealed class RegisterRequestValidator : Validator<RegisterRequest>
{
    public RegisterRequestValidator()
    {
        RuleFor(x => x.Email).NotEmpty().MaximumLength(EmailAddress.MaxLength)
            .Must(EmailAddress.IsPlausible).WithErrorCode("Email").WithMessage("Must be an email address.");
        RuleFor(x => x.Password).NotEmpty().MaximumLength(PasswordPolicy.MaxLength * 4);
        RuleFor(x => x.FirstName).NotEmpty().MaximumLength(100);
        RuleFor(x => x.LastName).NotEmpty().MaximumLength(100);
    }
}
