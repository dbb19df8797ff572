using System.Text.Json;
using Backend.Api.Features.Entities;
using Backend.Api.Features.Graph;
using Backend.Data.Relationships;
using FluentValidation;

namespace Backend.Api.Features.Relationships;

/// <summary>The fields of a new relationship (single create, nested create, batch item).</summary>
internal class CreateRelationshipFields
{
    public Guid? SourceEntityId { get; init; }

    public Guid? TargetEntityId { get; init; }

    public string? RelationshipType { get; init; }

    public double? Confidence { get; init; }

    public string? Evidence { get; init; }

    public JsonElement? Metadata { get; init; }

    public RelationshipValues ToValues(Guid? sourceOverride = null) => new(
        sourceOverride ?? SourceEntityId!.Value,
        TargetEntityId!.Value,
        RelationshipType!,
        Confidence ?? 1.0,
        Evidence,
        MetadataRules.Serialize(Metadata));
}

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
