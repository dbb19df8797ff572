using System.Text.Json;
using FastEndpoints;

namespace Backend.Api.Features.Entities.Replace;

/// <summary>PUT: every writable field; what is left out is reset to its default.</summary>
internal sealed class ReplaceEntityRequest : IEntityFields
{
    [RouteParam]
    public Guid Id { get; init; }

    public string? Name { get; init; }

    public string? Type { get; init; }

    public string? Description { get; init; }

    public double? Confidence { get; init; }

    public string? Source { get; init; }

    public string? SourceType { get; init; }

    public JsonElement? Metadata { get; init; }
}
