using System.Text.Json;

namespace Backend.Api.Features.Entities;

/// <summary>The writable entity fields as a request body (create, replace, batch items, a merged patch).</summary>
internal class EntityFieldsRequest : IEntityFields
{
    public string? Name { get; init; }

    public string? Type { get; init; }

    public string? Description { get; init; }

    public double? Confidence { get; init; }

    public string? Source { get; init; }

    public string? SourceType { get; init; }

    public JsonElement? Metadata { get; init; }
}
