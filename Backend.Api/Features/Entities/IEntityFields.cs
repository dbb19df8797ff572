using System.Text.Json;

namespace Backend.Api.Features.Entities;

/// <summary>The writable fields of an entity as clients send them (create, replace, batch items).</summary>
internal interface IEntityFields
{
    public string? Name { get; }

    public string? Type { get; }

    public string? Description { get; }

    public double? Confidence { get; }

    public string? Source { get; }

    public string? SourceType { get; }

    public JsonElement? Metadata { get; }
}
