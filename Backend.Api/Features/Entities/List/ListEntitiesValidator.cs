using System.Text.Json;
using FastEndpoints;
using FluentValidation;

namespace Backend.Api.Features.Entities.List;

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
            .Must(HaveNoNul).WithErrorCode("characters").WithMessage(EntityFieldsRules.NulMessage);
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

    private static bool HaveNoNul(string? value)
    {
        try
        {
            using var document = JsonDocument.Parse(value ?? "null");
            return !MetadataRules.ContainsNul(document.RootElement);
        }
        catch (JsonException)
        {
            return true;
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
