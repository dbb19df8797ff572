using Backend.Api.Features.Graph;
using Backend.Api.Http.OpenApi;
using FastEndpoints;
using FluentValidation;

namespace Backend.Api.Features.Relationships.CreateForEntity;

/// <summary>POST /entities/{id}/relationships: the route's entity is the source.</summary>
[OptionalInBody(nameof(SourceEntityId))]
internal sealed class CreateEntityRelationshipRequest : CreateRelationshipFields
{
    [RouteParam]
    public Guid Id { get; init; }
}

internal sealed class CreateEntityRelationshipValidator : Validator<CreateEntityRelationshipRequest>
{
    public CreateEntityRelationshipValidator()
    {
        Include(new CreateRelationshipFieldsRules(GraphSettings.OfCurrentRequest, sourceFromRoute: true));
        RuleFor(x => x.TargetEntityId).NotEqual(x => x.Id).WithErrorCode("not_self").WithMessage("must differ from the entity in the path (no self-loops)");
        RuleFor(x => x.SourceEntityId).Must((request, source) => source is null || source == request.Id)
            .WithErrorCode("matches_path").WithMessage("when given, must equal the entity id in the path");
    }
}
