using System.Text.Json;
using FastEndpoints;
using FluentValidation;

namespace Backend.Api.Features.Entities.List;

internal sealed class ListEntitiesRequest
{
    [QueryParam, BindFrom("type")]
    public string? Type { get; init; }

    [QueryParam, BindFrom("source_type")]
    public string? SourceType { get; init; }

    /// <summary>Name search, ranked by similarity unless a sort is given.</summary>
    [QueryParam, BindFrom("q")]
    public string? Q { get; init; }

    [QueryParam, BindFrom("confidence_min")]
    public double? ConfidenceMin { get; init; }

    [QueryParam, BindFrom("confidence_max")]
    public double? ConfidenceMax { get; init; }

    /// <summary>A JSON object the metadata must contain, e.g. {"country":"DE"}.</summary>
    [QueryParam, BindFrom("metadata")]
    public string? Metadata { get; init; }

    /// <summary>A user id, or <c>me</c>.</summary>
    [QueryParam, BindFrom("created_by")]
    public string? CreatedBy { get; init; }

    [QueryParam, BindFrom("include_deleted")]
    public bool? IncludeDeleted { get; init; }

    /// <summary><c>name</c>, <c>created_at</c> or <c>confidence</c>; a leading <c>-</c> sorts descending. Default <c>-created_at</c>.</summary>
    [QueryParam, BindFrom("sort")]
    public string? Sort { get; init; }

    [QueryParam, BindFrom("limit")]
    public int? Limit { get; init; }

    [QueryParam, BindFrom("offset")]
    public int? Offset { get; init; }

    /// <summary>The <c>next_cursor</c> of the previous page (keyset paging).</summary>
    [QueryParam, BindFrom("cursor")]
    public string? Cursor { get; init; }

    [QueryParam, BindFrom("include_total")]
    public bool? IncludeTotal { get; init; }
}

internal sealed class ListEntitiesValidator : Validator<ListEntitiesRequest>
{
    public static readonly string[] Sorts = ["name", "-name", "created_at", "-created_at", "confidence", "-confidence"];

    public ListEntitiesValidator()
    {
        RuleFor(x => x.Type).MaximumLength(100).WithErrorCode("length")
            .Must(EntityFieldsRules.HasNoNul).WithErrorCode("characters").WithMessage(EntityFieldsRules.NulMessage);
        RuleFor(x => x.SourceType).Must(s => s is null || EntityFieldsRules.SourceTypes.Contains(s))
            .WithErrorCode("allowed_values").WithMessage($"must be one of: {string.Join(", ", EntityFieldsRules.SourceTypes)}");
        RuleFor(x => x.Q).MaximumLength(200).WithErrorCode("length")
            .Must(EntityFieldsRules.HasNoNul).WithErrorCode("characters").WithMessage(EntityFieldsRules.NulMessage);
        RuleFor(x => x.ConfidenceMin).InclusiveBetween(0, 1).WithErrorCode("range");
        RuleFor(x => x.ConfidenceMax).InclusiveBetween(0, 1).WithErrorCode("range")
            .GreaterThanOrEqualTo(x => x.ConfidenceMin).When(x => x.ConfidenceMin is not null).WithErrorCode("range")
            .WithMessage("must not be below confidence_min");
        RuleFor(x => x.Metadata).Must(BeAJsonObject).WithErrorCode("json_object").WithMessage("must be a JSON object, e.g. {\"country\":\"DE\"}")
            .Custom((metadata, context) =>
            {
                // The filter is bound into SQL as jsonb: the body's metadata rules (text, size, depth, number range) apply.
                if (ParsedObject(metadata) is { } filter && MetadataRules.Check(filter) is { } failure)
                {
                    context.AddFailure(new FluentValidation.Results.ValidationFailure(context.PropertyPath, failure.Message) { ErrorCode = failure.Rule });
                }
            });
        RuleFor(x => x.CreatedBy).Must(c => c is null || c == "me" || Guid.TryParse(c, out _))
            .WithErrorCode("uuid").WithMessage("must be a user id or 'me'");
        RuleFor(x => x.Sort).Must(s => s is null || Sorts.Contains(s))
            .WithErrorCode("allowed_values").WithMessage($"must be one of: {string.Join(", ", Sorts)}");
        RuleFor(x => x.Limit).InclusiveBetween(1, 100).WithErrorCode("range");
        RuleFor(x => x.Offset).InclusiveBetween(0, 100_000).WithErrorCode("range");
        RuleFor(x => x.Offset).Null().When(x => x.Cursor is not null).WithErrorCode("exclusive").WithMessage("cannot be combined with cursor");
        RuleFor(x => x.Cursor).Null().When(x => x.Q is not null && x.Sort is null)
            .WithErrorCode("exclusive").WithMessage("is not available for relevance-ranked search; give a sort or use offset");
    }

    private static JsonElement? ParsedObject(string? value)
    {
        if (value is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(value);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool BeAJsonObject(string? value)
    {
        if (value is null)
        {
            return true;
        }

        try
        {
            using var document = JsonDocument.Parse(value);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
