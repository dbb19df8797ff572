using System.Globalization;
using Backend.Data.Entities;

namespace Backend.Api.Features.Entities.List;

/// <summary>The entity listing's keyset cursor (encoded by <see cref="Http.KeysetCursor"/>): the sort it belongs to, the last row's sort value and id.</summary>
internal sealed record EntityCursor(string Sort, string Value, Guid Id)
{
    public EntityKeyset ToKeyset() => new(Value, Id);

    /// <summary>A damaged or forged cursor must be a 400 here, not a parse failure (500) when the query is built.</summary>
    public bool HasValidValue() => Sort.TrimStart('-') switch
    {
        "name" => Value.Length <= 200,
        "confidence" => double.TryParse(Value, NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var confidence) && double.IsFinite(confidence),
        _ => DateTime.TryParse(Value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out _),
    };
}
