using System.Data.Common;

namespace Backend.Data.Entities;

/// <summary>
/// Reads <see cref="EntityRow"/>s from a reader over <see cref="EntityRepository.Columns"/>, by position and with typed
/// getters: Dapper's mapping reads every column through <c>GetValue</c>, which boxes each Guid, number, flag and time
/// (seven objects a row, 350 on a list page).
/// </summary>
internal static class EntityRowReader
{
    /// <summary>Every row the reader returns, in order.</summary>
    public static async Task<List<EntityRow>> ReadAllAsync(DbDataReader reader, int expected, CancellationToken ct)
    {
        var rows = new List<EntityRow>(expected);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(Read(reader));
        }

        return rows;
    }

    /// <summary>The first row, or null when there is none.</summary>
    public static async Task<EntityRow?> ReadFirstOrDefaultAsync(DbDataReader reader, CancellationToken ct) =>
        await reader.ReadAsync(ct) ? Read(reader) : null;

    // The ordinals follow EntityRepository.Columns.
    private static EntityRow Read(DbDataReader reader) => new(
        reader.GetFieldValue<Guid>(0),
        reader.GetFieldValue<string>(1),
        reader.GetFieldValue<string>(2),
        reader.IsDBNull(3) ? null : reader.GetFieldValue<string>(3),
        reader.GetFieldValue<double>(4),
        reader.IsDBNull(5) ? null : reader.GetFieldValue<string>(5),
        reader.GetFieldValue<string>(6),
        reader.GetFieldValue<string>(7),
        reader.GetFieldValue<int>(8),
        reader.GetFieldValue<bool>(9),
        reader.GetFieldValue<Guid>(10),
        reader.GetFieldValue<DateTime>(11),
        reader.GetFieldValue<DateTime>(12),
        reader.IsDBNull(13) ? null : reader.GetFieldValue<DateTime>(13),
        reader.IsDBNull(14) ? null : reader.GetFieldValue<Guid>(14));
}
