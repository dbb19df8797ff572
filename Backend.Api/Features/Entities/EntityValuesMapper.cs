using Backend.Data.Entities;

namespace Backend.Api.Features.Entities;

internal static class EntityValuesMapper
{
    /// <summary>Validated client fields → the stored values (trimmed name, defaults for what was left out).</summary>
    public static EntityValues ToValues(this IEntityFields fields) => new(
        fields.Name!.Trim(),
        fields.Type!,
        fields.Description,
        fields.Confidence ?? 1.0,
        fields.Source,
        fields.SourceType ?? "manual",
        MetadataRules.Serialize(fields.Metadata));
}
