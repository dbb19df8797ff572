using System.Collections;
using Backend.Api.Features.Auth;
using Backend.Api.Features.Events;
using Backend.Api.Features.Graph;
using Backend.Api.Features.Ingestion;
using Backend.Data.Postgres;
using Npgsql;

namespace Backend.Api.Hosting.Settings;

/// <summary>Every setting of the service, parsed from environment variables and validated once at startup.</summary>
internal sealed record BackendSettings
{
    public required string Environment { get; init; }
    public bool IsDevelopment => string.Equals(Environment, "Development", StringComparison.OrdinalIgnoreCase);

    public NpgsqlConnectionStringBuilder? DatabaseUrl { get; init; }

    /// <summary>A streaming standby of DATABASE_URL's database for reads that tolerate lag (DATABASE_READ_URL); null sends every read to the primary.</summary>
    public NpgsqlConnectionStringBuilder? DatabaseReadUrl { get; init; }
    public string? PgBin { get; init; }
    public required string LocalDataDirectory { get; init; }
    public required DataSourceOptions Pool { get; init; }
    public TimeSpan StartupTimeout { get; init; }
    public bool MigrateOnStartup { get; init; }
    public required string MigrationsPath { get; init; }

    public required string ModuleId { get; init; }
    public required string LogLevel { get; init; }
    public int Port { get; init; }
    public required IReadOnlyList<string> CorsOrigins { get; init; }
    public TimeSpan HealthCheckTimeout { get; init; }
    public long MaxRequestBodyBytes { get; init; }
    public TimeSpan ShutdownGracePeriod { get; init; }
    public required GraphSettings Graph { get; init; }
    public required IngestionSettings Ingestion { get; init; }
    public required EventsSettings Events { get; init; }

    /// <summary>When set, <c>GET /metrics</c> answers only <c>Authorization: Bearer</c> with this value.</summary>
    public string? MetricsToken { get; init; }

    public required AuthSettings Auth { get; init; }

    /// <summary>Audit events older than this many days are deleted by the daily pruner.</summary>
    public int AuditRetentionDays { get; init; }

    public const int MinMetricsTokenLength = 16;

    public static (BackendSettings Settings, IReadOnlyList<string> Errors) FromEnvironment() =>
        Load(System.Environment.GetEnvironmentVariables()
            .Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value, StringComparer.Ordinal));

    public static (BackendSettings Settings, IReadOnlyList<string> Errors) Load(IReadOnlyDictionary<string, string?> values)
    {
        var read = new SettingsReader(values);
        var environment = read.Raw("ASPNETCORE_ENVIRONMENT") ?? read.Raw("DOTNET_ENVIRONMENT") ?? "Production";

        var databaseUrl = read.DatabaseUrl("DATABASE_URL");
        var databaseReadUrl = read.DatabaseUrl("DATABASE_READ_URL");
        if (databaseReadUrl is not null && read.Raw("DATABASE_URL") is null)
        {
            read.Fail("DATABASE_READ_URL", "needs DATABASE_URL: the replica must be a standby of the database DATABASE_URL names (the embedded development PostgreSQL has none)");
        }

        if (read.Raw("DATABASE_URL") is null && !string.Equals(environment, "Development", StringComparison.OrdinalIgnoreCase))
        {
            read.Fail("DATABASE_URL", $"is required outside Development (environment is '{environment}'); the embedded PostgreSQL is for local development only");
        }

        var poolSize = read.Int("DB_POOL_SIZE", 20, 1, 1000);
        var settings = new BackendSettings
        {
            Environment = environment,
            DatabaseUrl = databaseUrl,
            DatabaseReadUrl = databaseReadUrl,
            PgBin = read.Raw("PG_BIN"),
            LocalDataDirectory = read.String("LOCAL_DB_DIR", Path.Combine(SolutionDirectory(), ".data")),
            Pool = new DataSourceOptions(
                PoolSize: poolSize,
                MaxOverflow: read.Int("DB_MAX_OVERFLOW", 10, 0, 1000),
                PoolMin: read.Int("DB_POOL_MIN", 0, 0, 1000),
                CommandTimeout: read.Duration("DB_COMMAND_TIMEOUT", TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1), TimeSpan.FromHours(1)),
                PoolTimeout: read.Duration("DB_POOL_TIMEOUT", TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10)),
                BatchConcurrency: read.Int("DB_BATCH_CONCURRENCY", Backend.Data.Writes.BatchWriteGate.DefaultConcurrency, 1, 1000)),
            StartupTimeout = read.Duration("DB_STARTUP_TIMEOUT", TimeSpan.FromSeconds(60), TimeSpan.Zero, TimeSpan.FromHours(1)),
            MigrateOnStartup = read.Bool("MIGRATE_ON_STARTUP", true),
            MigrationsPath = read.String("MIGRATIONS_PATH", Backend.Data.Migrations.MigrationScripts.DefaultDirectory),
            ModuleId = read.String("MODULE_ID", "backend"),
            LogLevel = read.OneOf("LOG_LEVEL", "INFO", "TRACE", "DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"),
            Port = read.Int("PORT", 8000, 0, 65535),
            CorsOrigins = read.List("CORS_ORIGINS", "http://localhost:3000"),
            HealthCheckTimeout = read.Duration("HEALTH_CHECK_TIMEOUT", TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(1)),
            MaxRequestBodyBytes = read.Int("MAX_REQUEST_BODY_BYTES", 1_048_576, 1024, 104_857_600),
            ShutdownGracePeriod = read.Duration("SHUTDOWN_GRACE_PERIOD", TimeSpan.FromSeconds(20), TimeSpan.Zero, TimeSpan.FromMinutes(10)),
            AuditRetentionDays = read.Int("AUDIT_RETENTION_DAYS", 365, 1, 36500),
            Auth = AuthSettingsReader.Read(read, string.Equals(environment, "Development", StringComparison.OrdinalIgnoreCase)),
            Graph = new GraphSettings(TypeList(read, "ENTITY_TYPES"), TypeList(read, "RELATIONSHIP_TYPES")),
            MetricsToken = read.Raw("METRICS_TOKEN"),
            Ingestion = IngestionSettingsReader.Read(read),
            Events = EventsSettingsReader.Read(read),
        };

        if (settings.MetricsToken is { Length: < MinMetricsTokenLength } shortToken)
        {
            read.Fail("METRICS_TOKEN", $"must be at least {MinMetricsTokenLength} characters (it has {shortToken.Length}); generate one with openssl rand -hex 24");
        }

        if (settings.Pool.PoolMin > settings.Pool.MaxPoolSize)
        {
            read.Fail("DB_POOL_MIN", $"{settings.Pool.PoolMin} exceeds DB_POOL_SIZE + DB_MAX_OVERFLOW ({settings.Pool.MaxPoolSize})");
        }

        foreach (var origin in settings.CorsOrigins)
        {
            if (origin != "*" && (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.AbsolutePath != "/"))
            {
                read.Fail("CORS_ORIGINS", $"'{origin}' is not an origin like https://app.example.com (scheme, host, optional port; no path)");
            }
            else if (origin == "*")
            {
                read.Fail("CORS_ORIGINS", "'*' is not allowed because credentials are allowed; list the origins");
            }
        }

        return (settings, read.Errors);
    }

    private static HashSet<string> TypeList(SettingsReader read, string name)
    {
        var types = read.List(name, string.Empty).ToHashSet(StringComparer.Ordinal);
        foreach (var type in types.Where(t => !Features.Entities.EntityFieldsRules.Identifier().IsMatch(t) || t.Length > 100))
        {
            read.Fail(name, $"'{type}' is not a lowercase identifier (a-z first, then a-z, 0-9 or _; at most 100 characters)");
        }

        return types;
    }

    /// <summary>The checkout's root (the folder holding Backend.sln), so <c>.data/</c> is the same whichever folder the service starts from.</summary>
    private static string SolutionDirectory()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Backend.sln")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
