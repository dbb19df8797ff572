using Npgsql;

namespace Backend.Data.Postgres;

/// <summary>
/// Parses DATABASE_URL: a <c>postgres://</c> / <c>postgresql://</c> URI or an Npgsql keyword string.
/// </summary>
public static class DatabaseUrl
{
    private static readonly Dictionary<string, SslMode> SslModes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["disable"] = SslMode.Disable,
        ["allow"] = SslMode.Allow,
        ["prefer"] = SslMode.Prefer,
        ["require"] = SslMode.Require,
        ["verify-ca"] = SslMode.VerifyCA,
        ["verify-full"] = SslMode.VerifyFull,
    };

    /// <summary>Returns the parsed connection settings, or an error that says what is wrong (never the password).</summary>
    public static bool TryParse(string value, out NpgsqlConnectionStringBuilder builder, out string error)
    {
        builder = new NpgsqlConnectionStringBuilder();
        error = string.Empty;
        var trimmed = value.Trim();
        if (trimmed.Length == 0)
        {
            error = "must not be empty";
            return false;
        }

        return trimmed.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            || trimmed.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
            ? TryParseUri(trimmed, builder, out error)
            : TryParseKeywords(trimmed, ref builder, out error);
    }

    private static bool TryParseUri(string value, NpgsqlConnectionStringBuilder builder, out string error)
    {
        error = string.Empty;
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            error = "is not a valid URI (expected postgresql://user:password@host:port/database?sslmode=...)";
            return false;
        }

        builder.Host = uri.Host.Trim('[', ']');
        builder.Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port;
        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length == 0 || database.Contains('/', StringComparison.Ordinal))
        {
            error = "must name exactly one database in its path (postgresql://host:5432/backend)";
            return false;
        }

        builder.Database = database;
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2)
            {
                builder.Password = Uri.UnescapeDataString(parts[1]);
            }
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            var key = Uri.UnescapeDataString(kv[0]);
            var val = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : string.Empty;
            switch (key.ToLowerInvariant())
            {
                case "sslmode":
                    if (!SslModes.TryGetValue(val, out var mode))
                    {
                        error = $"has sslmode '{val}'; allowed: {string.Join(", ", SslModes.Keys)}";
                        return false;
                    }

                    builder.SslMode = mode;
                    break;
                case "application_name":
                    builder.ApplicationName = val;
                    break;
                case "connect_timeout":
                    if (!int.TryParse(val, out var seconds) || seconds < 1)
                    {
                        error = "has connect_timeout that is not a positive number of seconds";
                        return false;
                    }

                    builder.Timeout = seconds;
                    break;
                default:
                    error = $"has unsupported query parameter '{key}'; supported: sslmode, application_name, connect_timeout";
                    return false;
            }
        }

        return true;
    }

    private static bool TryParseKeywords(string value, ref NpgsqlConnectionStringBuilder builder, out string error)
    {
        error = string.Empty;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(value);
        }
        catch (ArgumentException)
        {
            // The exception text may echo the password; keep it out of the message.
            error = "is neither a postgres:// URI nor a valid Npgsql keyword string (Host=...;Database=...;Username=...)";
            return false;
        }

        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            error = "has no Host";
            return false;
        }

        return true;
    }
}
