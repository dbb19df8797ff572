using FastEndpoints;
using FluentValidation;

namespace Backend.Api.Features.Auth.Me.Update;

/// <summary>Only the fields given change.</summary>
internal sealed class UpdateMeRequest
{
    public string? FirstName { get; init; }

    public string? LastName { get; init; }
}

internal sealed class UpdateMeRequestValidator : Validator<UpdateMeRequest>
{
    public UpdateMeRequestValidator()
    {
        RuleFor(x => x).Must(x => x.FirstName is not null || x.LastName is not null).WithName("body").OverridePropertyName("body")
            .WithMessage("Give first_name, last_name or both.");
        RuleFor(x => x.FirstName!).NotEmpty().MaximumLength(100).When(x => x.FirstName is not null);
        RuleFor(x => x.LastName!).NotEmpty().MaximumLength(100).When(x => x.LastName is not null);
    }
}
