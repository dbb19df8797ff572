using Backend.Api.Http;
using Backend.Data.Entities;

namespace Backend.Api.Features.Entities;

internal sealed record EntityResponse(
    Guid Id,
    string Name,
    string Type,
    string? Description,
    double Confidence,
    string? Source,
    string SourceType,
    RawJson Metadata,
    int Version,
    bool IsActive,
    Guid CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? DeletedAt,
    Guid? DeletedBy)
{
    public static EntityResponse From(EntityRow row) => new(
        row.Id,
        row.Name,
        row.Type,
        row.Description,
        row.Confidence,
        row.Source,
        row.SourceType,
        new RawJson(row.Metadata),
        row.Version,
        row.IsActive,
        row.CreatedBy,
        Utc(row.CreatedAt),
        Utc(row.UpdatedAt),
        row.DeletedAt is { } deleted ? Utc(deleted) : null,
        row.DeletedBy);

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
