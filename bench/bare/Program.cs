using System.Text.Json;
using System.Text.Json.Serialization;
using BareApi;
using Dapper;
using Npgsql;

// The bench's bare baseline: GET /entities/{id} runs the service's get-by-id statement (EntityRepository.GetAsync,
// same column list) through Dapper on a pool sized and auto-preparing like the service's (DataSourceFactory), and
// writes the row as JSON (source-generated System.Text.Json, snake_case, metadata embedded as JSON); 404 when no
// row. No authentication, envelope, ETag, problem details, metrics or request logging: it is what the framework,
// the driver and the database cost for this request, nothing more.
//
// Environment: DATABASE_URL (postgresql:// URI or Npgsql keywords), PORT, DB_POOL_SIZE + DB_MAX_OVERFLOW
// (maximum pool size = their sum, as in the service).
var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.WebHost.UseUrls($"http://127.0.0.1:{Environment.GetEnvironmentVariable("PORT") ?? "8092"}");
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, BareJsonContext.Default));

var connection = ConnectionString.From(Environment.GetEnvironmentVariable("DATABASE_URL")
    ?? throw new InvalidOperationException("DATABASE_URL is required"));
connection.MaxPoolSize = Number("DB_POOL_SIZE", 20) + Number("DB_MAX_OVERFLOW", 10);
connection.MaxAutoPrepare = 64;
connection.AutoPrepareMinUsages = 2;
connection.NoResetOnClose = true; // as the service: no reset round sent with each checkout
connection.ApplicationName = "backend-bench-bare";
await using var dataSource = NpgsqlDataSource.Create(connection);

var app = builder.Build();

const string GetById = """
    SELECT e.id AS Id, e.name AS Name, e.type AS Type, e.description AS Description, e.confidence AS Confidence,
        e.source AS Source, e.source_type AS SourceType, e.metadata::text AS Metadata, e.version AS Version,
        e.is_active AS IsActive, e.created_by AS CreatedBy, e.created_at AS CreatedAt, e.updated_at AS UpdatedAt,
        e.deleted_at AS DeletedAt, e.deleted_by AS DeletedBy
    FROM backend_entities.entities e WHERE e.id = @id
    """;

app.MapGet("/entities/{id:guid}", async (Guid id, CancellationToken ct) =>
{
    await using var db = await dataSource.OpenConnectionAsync(ct);
    var row = await db.QuerySingleOrDefaultAsync<EntityRow>(new CommandDefinition(GetById, new { id }, cancellationToken: ct));
    return row is null ? Results.NotFound() : Results.Json(row, BareJsonContext.Default.EntityRow);
});
app.MapGet("/health", () => Results.Ok());

await app.RunAsync();

static int Number(string name, int fallback) =>
    int.TryParse(Environment.GetEnvironmentVariable(name), out var value) ? value : fallback;

namespace BareApi
{
    /// <summary>A row of backend_entities.entities as the service's repository reads it; Metadata is the jsonb text.</summary>
    internal sealed record EntityRow(
        Guid Id,
        string Name,
        string Type,
        string? Description,
        double Confidence,
        string? Source,
        string SourceType,
        [property: JsonConverter(typeof(RawJsonConverter))] string Metadata,
        int Version,
        bool IsActive,
        Guid CreatedBy,
        DateTime CreatedAt,
        DateTime UpdatedAt,
        DateTime? DeletedAt,
        Guid? DeletedBy);

    /// <summary>Writes a string that already holds JSON (jsonb text from PostgreSQL) as that JSON, unparsed.</summary>
    internal sealed class RawJsonConverter : JsonConverter<string>
    {
        public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            JsonDocument.ParseValue(ref reader).RootElement.GetRawText();

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
            writer.WriteRawValue(value, skipInputValidation: true);
    }

    [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
    [JsonSerializable(typeof(EntityRow))]
    internal sealed partial class BareJsonContext : JsonSerializerContext;

    /// <summary>DATABASE_URL as the bench passes it: a postgresql:// URI (as psql and pgbench read it) or Npgsql keywords.</summary>
    internal static class ConnectionString
    {
        public static NpgsqlConnectionStringBuilder From(string value)
        {
            if (!value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
                && !value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
            {
                return new NpgsqlConnectionStringBuilder(value);
            }

            var uri = new Uri(value);
            var builder = new NpgsqlConnectionStringBuilder
            {
                Host = uri.Host.Trim('[', ']'),
                Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
                Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')),
            };
            if (uri.UserInfo.Length > 0)
            {
                var parts = uri.UserInfo.Split(':', 2);
                builder.Username = Uri.UnescapeDataString(parts[0]);
                builder.Password = parts.Length == 2 ? Uri.UnescapeDataString(parts[1]) : null;
            }

            foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var kv = pair.Split('=', 2);
                if (kv[0] == "sslmode" && kv.Length == 2)
                {
                    builder.SslMode = Enum.Parse<SslMode>(kv[1].Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true);
                }
            }

            return builder;
        }
    }
}
