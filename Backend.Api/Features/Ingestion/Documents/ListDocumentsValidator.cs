using Backend.Data.Ingest;
using FastEndpoints;
using FluentValidation;

namespace Backend.Api.Features.Ingestion.Documents;

internal sealed class ListDocumentsValidator : Validator<ListDocumentsRequest>
{
    public ListDocumentsValidator()
    {
        RuleFor(x => x.Status).Must(s => s is null || JobRow.Statuses.Contains(s))
            .WithErrorCode("allowed_values").WithMessage($"must be one of: {string.Join(", ", JobRow.Statuses)}");
        RuleFor(x => x.DocumentType).Must(t => t is null || (t.Length <= 50 && Entities.EntityFieldsRules.Identifier().IsMatch(t)))
            .WithErrorCode("identifier").WithMessage("must be a lowercase identifier");
        RuleFor(x => x.Owner).Must(o => o is null || o is "me" or "all" || Guid.TryParse(o, out _))
            .WithErrorCode("owner").WithMessage("must be me, all or a user id");
        RuleFor(x => x.CreatedBefore).GreaterThan(x => x.CreatedAfter).When(x => x.CreatedAfter is not null && x.CreatedBefore is not null)
            .WithErrorCode("range").WithMessage("must be after created_after");
        RuleFor(x => x.Limit).InclusiveBetween(1, 100).WithErrorCode("range");
        RuleFor(x => x.Cursor).Must(c => c is null || DocumentCursor.Decode(c) is not null)
            .WithErrorCode("cursor").WithMessage("must be the next_cursor of a previous page");
    }
}
