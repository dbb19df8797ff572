using Backend.Api.Http;
using FastEndpoints;
using FluentValidation;

namespace Backend.Api.Features.Audit.List;

internal sealed class ListAuditEventsRequest
{
    [QueryParam, BindFrom("actor_id")]
    public Guid? ActorId { get; init; }

    /// <summary>Exact action, e.g. <c>auth.login</c> or <c>admin.user_deactivate</c>.</summary>
    [QueryParam, BindFrom("action")]
    public string? Action { get; init; }

    [QueryParam, BindFrom("target_type")]
    public string? TargetType { get; init; }

    [QueryParam, BindFrom("target_id")]
    public Guid? TargetId { get; init; }

    /// <summary>success, failure or denied.</summary>
    [QueryParam, BindFrom("outcome")]
    public string? Outcome { get; init; }

    /// <summary>Inclusive lower bound (RFC 3339).</summary>
    [QueryParam, BindFrom("from")]
    public DateTimeOffset? From { get; init; }

    /// <summary>Exclusive upper bound (RFC 3339).</summary>
    [QueryParam, BindFrom("to")]
    public DateTimeOffset? To { get; init; }

    [QueryParam, BindFrom("limit")]
    public int? Limit { get; init; }

    /// <summary>The <c>next_cursor</c> of the previous page.</summary>
    [QueryParam, BindFrom("cursor")]
    public string? Cursor { get; init; }
}

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
