using Backend.Api.Http;
using FastEndpoints;
using FluentValidation;

namespace Backend.Api.Features.Audit.List;

internal sealed class ListAuditEventsValidator : Validator<ListAuditEventsRequest>
{
    public static readonly string[] Outcomes = ["success", "failure", "denied"];

    public ListAuditEventsValidator()
    {
        RuleFor(x => x.Action).MaximumLength(100).WithErrorCode("length");
        RuleFor(x => x.TargetType).MaximumLength(100).WithErrorCode("length");
        RuleFor(x => x.Outcome).Must(o => o is null || Outcomes.Contains(o))
            .WithErrorCode("allowed_values").WithMessage($"must be one of: {string.Join(", ", Outcomes)}");
        RuleFor(x => x.To).GreaterThan(x => x.From).When(x => x.From is not null && x.To is not null).WithErrorCode("range").WithMessage("must be after from");
        RuleFor(x => x.Limit).InclusiveBetween(1, 200).WithErrorCode("range");
        RuleFor(x => x.Cursor).Must(c => c is null || KeysetCursor.Decode<AuditCursor>(c) is not null)
            .WithErrorCode("cursor").WithMessage("must be the next_cursor of a previous page");
    }
}
