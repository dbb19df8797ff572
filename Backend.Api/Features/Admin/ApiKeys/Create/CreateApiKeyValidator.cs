using Backend.Api.Http.Security;
using FastEndpoints;
using FluentValidation;

namespace Backend.Api.Features.Admin.ApiKeys.Create;

internal sealed class CreateApiKeyValidator : Validator<CreateApiKeyRequest>
{
    public CreateApiKeyValidator()
    {
        RuleFor(x => x.Name).NotEmpty().WithErrorCode("required").MaximumLength(100).WithErrorCode("length")
            .Must(n => n == n.Trim()).WithErrorCode("trimmed").WithMessage("must not start or end with whitespace");
        RuleFor(x => x.Role).Must(r => r is null || Roles.All.Contains(r))
            .WithErrorCode("allowed_values").WithMessage($"must be one of: {string.Join(", ", Roles.All)}");
    }
}
