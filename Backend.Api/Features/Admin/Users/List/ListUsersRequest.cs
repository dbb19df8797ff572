using Backend.Api.Http.Security;
using FastEndpoints;
using FluentValidation;

namespace Backend.Api.Features.Admin.Users.List;

internal sealed class ListUsersRequest
{
    [QueryParam, BindFrom("role")]
    public string? Role { get; init; }

    [QueryParam, BindFrom("is_active")]
    public bool? IsActive { get; init; }

    /// <summary>Case-insensitive substring of the email, first or last name.</summary>
    [QueryParam, BindFrom("q")]
    public string? Q { get; init; }

    [QueryParam, BindFrom("limit")]
    public int? Limit { get; init; }

    [QueryParam, BindFrom("offset")]
    public int? Offset { get; init; }
}

internal sealed class ListUsersValidator : Validator<ListUsersRequest>
{
    public ListUsersValidator()
    {
        RuleFor(x => x.Role).Must(r => r is null || Roles.All.Contains(r))
            .WithErrorCode("allowed_values").WithMessage($"must be one of: {string.Join(", ", Roles.All)}");
        RuleFor(x => x.Q).MaximumLength(200).WithErrorCode("length");
        RuleFor(x => x.Limit).InclusiveBetween(1, 100).WithErrorCode("range");
        RuleFor(x => x.Offset).InclusiveBetween(0, 100_000).WithErrorCode("range");
    }
}
