using Backend.Api.Http;
using Backend.Data.Entities;

namespace Backend.Api.Features.Entities;

/// <summary>
/// The write path shared by PUT and PATCH: 404 for unknown or deleted, 403 for another user's entity,
/// 412 when If-Match names another version (checked atomically in the UPDATE), then audit the changed fields.
/// </summary>
internal sealed class EntityUpdater(EntityRepository entities, TimeProvider time)
{
    public Task UpdateAsync(HttpContext context, Guid id, Func<EntityRow, EntityValues> change, CancellationToken ct) =>
        UpdateAsync(context, id, row => (change(row), null), ct);

    /// <param name="change">The new values from the current row, or the field errors that make the change invalid (400).</param>
    public async Task UpdateAsync(HttpContext context, Guid id, Func<EntityRow, (EntityValues? Values, IReadOnlyList<FieldError>? Errors)> change, CancellationToken ct)
    {
        var current = await entities.GetAsync(id, ct);
        if (current is null || !current.IsActive)
        {
            await Problems.WriteAsync(context, Problems.Create(context, 404, $"No entity with id {id}."));
            return;
        }

        if (!EntityAccess.CanModify(context.User, current.CreatedBy))
        {
            await Problems.WriteAsync(context, Problems.Create(context, 403, "Only its creator, a moderator or an admin may change this entity."));
            return;
        }

        var required = ETags.RequiredVersion(context.Request, out var unmatchable);
        if (unmatchable || (required is not null && required != current.Version))
        {
            await WritePreconditionFailedAsync(context, current.Version);
            return;
        }

        var (values, errors) = change(current);
        if (values is null)
        {
            await Problems.WriteAsync(context, Problems.Create(context, 400, "One or more fields are invalid; see errors.", "validation", "Validation failed", errors));
            return;
        }

        var result = await entities.ReplaceAsync(id, values, required ?? current.Version, ChangedFields(current, values), AuditActors.From(context), time.GetUtcNow(), ct);
        switch (result.Status)
        {
            case EntityWriteStatus.NotFound:
                await Problems.WriteAsync(context, Problems.Create(context, 404, $"No entity with id {id}."));
                return;
            case EntityWriteStatus.VersionMismatch when required is not null:
                await WritePreconditionFailedAsync(context, null);
                return;
            case EntityWriteStatus.VersionMismatch:
                await Problems.WriteAsync(context, Problems.Create(context, 409, "The entity was changed by another request meanwhile; read it again and retry.", "concurrent-update", "Concurrent update"));
                return;
        }

        context.Response.Headers.ETag = ETags.For(result.Row!.Version);
        context.Response.StatusCode = 200;
        await context.Response.WriteAsJsonAsync(Envelope.Of(context, EntityResponse.From(result.Row)), ApiJson.Options, ct);
    }

    private static Task WritePreconditionFailedAsync(HttpContext context, int? currentVersion)
    {
        if (currentVersion is not null)
        {
            context.Response.Headers.ETag = ETags.For(currentVersion.Value);
        }

        return Problems.WriteAsync(context, Problems.Create(context, 412, "If-Match does not match the entity's current ETag; read it again and retry."));
    }

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
