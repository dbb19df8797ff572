using Backend.Api.Http;
using Backend.Data.Entities;

namespace Backend.Api.Features.Entities;

/// <summary>
/// The write path shared by PUT and PATCH, as a <see cref="VersionedWrite{TRow}"/>: 404 for unknown or deleted, 403 for
/// another user's entity, 412 when the preconditions fail (checked again atomically in the UPDATE), 400 for an invalid
/// change; the changed fields are audited.
/// </summary>
internal sealed class EntityUpdater(EntityRepository entities, TimeProvider time)
{
    /// <param name="change">The new values from the current row, or the field errors that make the change invalid (400).</param>
    public Task<IResult> UpdateAsync(HttpContext context, Guid id, Func<EntityRow, (EntityValues? Values, IReadOnlyList<FieldError>? Errors)> change, CancellationToken ct) =>
        new VersionedWrite<EntityRow>
        {
            Noun = "entity",
            Id = id,
            Load = async c => await entities.GetAsync(id, c) is { IsActive: true } row ? row : null,
            Version = row => row.Version,
            CanModify = row => EntityAccess.CanModify(context.User, row.CreatedBy),
            Plan = current => change(current) switch
            {
                ({ } values, _) => WritePlan<EntityRow>.Run((version, c) =>
                    entities.ReplaceAsync(id, values, version, ChangedFields(current, values), AuditActors.From(context), time.GetUtcNow(), c)),
                (_, var errors) => WritePlan<EntityRow>.Invalid(errors ?? []),
            },
            Respond = row => Represent.Ok(Envelope.Of(context, EntityResponse.From(row)), row.Version),
        }.RunAsync(context, ct);

    private static IReadOnlyList<string> ChangedFields(EntityRow before, EntityValues after)
    {
        var changed = new List<string>();
        if (before.Name != after.Name) changed.Add("name");
        if (before.Type != after.Type) changed.Add("type");
        if (before.Description != after.Description) changed.Add("description");
        if (!before.Confidence.Equals(after.Confidence)) changed.Add("confidence");
        if (before.Source != after.Source) changed.Add("source");
        if (before.SourceType != after.SourceType) changed.Add("source_type");
        if (!JsonEquals(before.Metadata, after.Metadata)) changed.Add("metadata");
        return changed;
    }

    private static bool JsonEquals(string a, string b) =>
        System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(a), System.Text.Json.Nodes.JsonNode.Parse(b));
}
