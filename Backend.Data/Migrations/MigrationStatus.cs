using System.Globalization;

namespace Backend.Data.Migrations;

public sealed record AppliedScript(string Name, string Checksum, DateTime AppliedAt);

public sealed record MigrationStatus(IReadOnlyList<AppliedScript> Applied, IReadOnlyList<MigrationScript> Pending)
{
    /// <summary>The number of the newest applied script (0 for an empty database).</summary>
    public int SchemaVersion => Applied.Count == 0 ? 0 : Applied.Max(a => int.Parse(a.Name[..4], CultureInfo.InvariantCulture));
}
