using Backend.Api.Features.Entities;
using Backend.Api.Features.Graph;
using FluentValidation;

namespace Backend.Api.Features.Relationships;

/// <summary>Shape rules; the same rules are CHECK constraints in sql/0006_create_entity_relationships.sql.</summary>
internal sealed class CreateRelationshipFieldsRules : AbstractValidator<CreateRelationshipFields>
{
    public CreateRelationshipFieldsRules(Func<GraphSettings> settings, bool sourceFromRoute = false)
    {
        if (!sourceFromRoute)
        {
            RuleFor(x => x.SourceEntityId).NotEmpty().WithErrorCode("required");
        }

        RuleFor(x => x.TargetEntityId).NotEmpty().WithErrorCode("required");
        RuleFor(x => x.TargetEntityId).NotEqual(x => x.SourceEntityId).When(x => x.SourceEntityId is not null)
            .WithErrorCode("not_self").WithMessage("must differ from source_entity_id (no self-loops)");
        RuleFor(x => x.RelationshipType).NotEmpty().WithErrorCode("required")
            .MaximumLength(100).WithErrorCode("length")
            .Matches(EntityFieldsRules.Identifier()).WithErrorCode("identifier").WithMessage("must be a lowercase identifier: a-z first, then a-z, 0-9 or _")
            .Must(t => settings().RelationshipTypes.Count == 0 || settings().RelationshipTypes.Contains(t!))
            .WithErrorCode("allowed_values").WithMessage(_ => $"must be one of: {string.Join(", ", settings().RelationshipTypes)}");
        RuleFor(x => x.Confidence).InclusiveBetween(0, 1).WithErrorCode("range").WithMessage("must be between 0 and 1");
        RuleFor(x => x.Evidence).MaximumLength(5000).WithErrorCode("length");
        RuleFor(x => x.Metadata).Custom((metadata, context) =>
        {
            if (MetadataRules.Check(metadata) is { } failure)
            {
                context.AddFailure(new FluentValidation.Results.ValidationFailure(context.PropertyPath, failure.Message) { ErrorCode = failure.Rule });
            }
        });
    }
}
