using Backend.Api.Http.Security;
using FastEndpoints;
using FluentValidation;

namespace Backend.Api.Features.Admin.Users.Patch;

/// <summary>Only the fields given change.</summary>
internal sealed class PatchUserRequest
{
    public Guid Id { get; init; }

    public string? Role { get; init; }

    public bool? IsActive { get; init; }

    public string? FirstName { get; init; }

    public string? LastName { get; init; }
}

internal sealed class PatchUserValidator : Validator<PatchUserRequest>
{
    public PatchUserValidator()
    {
        RuleFor(x => x).Must(x => x.Role is not null || x.IsActive is not null || x.FirstName is not null || x.LastName is not null)
            .OverridePropertyName("body").WithErrorCode("required").WithMessage("Give at least one of role, is_active, first_name, last_name.");
        RuleFor(x => x.Role).Must(r => r is null || Roles.All.Contains(r))
            .WithErrorCode("allowed_values").WithMessage($"must be one of: {string.Join(", ", Roles.All)}");
        RuleFor(x => x.FirstName!).NotEmpty().MaximumLength(100).When(x => x.FirstName is not null);
        RuleFor(x => x.LastName!).NotEmpty().MaximumLength(100).When(x => x.LastName is not null);
    }
}
