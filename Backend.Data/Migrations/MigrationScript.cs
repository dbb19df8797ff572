using System.Security.Cryptography;
using System.Text;

namespace Backend.Data.Migrations;

/// <summary>One file of <c>sql/</c>: <c>NNNN_verb_object.sql</c>.</summary>
public sealed record MigrationScript(int Number, string Name, string Contents)
{
    /// <summary>SHA-256 of the text with line endings normalised, so a checkout's line-ending settings never count as an edit.</summary>
    public string Checksum { get; } = Convert.ToHexStringLower(
        SHA256.HashData(Encoding.UTF8.GetBytes(Contents.Replace("\r\n", "\n", StringComparison.Ordinal))));
}
