namespace Backend.Api.Hosting.Settings;

/// <summary>
/// Every environment variable the service reads. Deployment files (compose.yaml, .env.example, the Kubernetes
/// manifests) are checked against this list by tests, and a test scans the settings code so the list cannot drift.
/// </summary>
internal static class KnownVariables
{
    public static readonly IReadOnlyList<string> Names =
    [
        // Environment
        "ASPNETCORE_ENVIRONMENT",
        "DOTNET_ENVIRONMENT",

        // Database
        "DATABASE_URL",
        "DATABASE_READ_URL",
        "PG_BIN",
        "LOCAL_DB_DIR",
        "DB_POOL_SIZE",
        "DB_MAX_OVERFLOW",
        "DB_POOL_MIN",
        "DB_COMMAND_TIMEOUT",
        "DB_POOL_TIMEOUT",
        "DB_BATCH_CONCURRENCY",
        "DB_STARTUP_TIMEOUT",
        "MIGRATE_ON_STARTUP",
        "MIGRATIONS_PATH",

        // Service
        "MODULE_ID",
        "LOG_LEVEL",
        "PORT",
        "CORS_ORIGINS",
        "HEALTH_CHECK_TIMEOUT",
        "MAX_REQUEST_BODY_BYTES",
        "SHUTDOWN_GRACE_PERIOD",
        "METRICS_TOKEN",
        "AUDIT_RETENTION_DAYS",

        // Knowledge graph
        "ENTITY_TYPES",
        "RELATIONSHIP_TYPES",

        // Ingestion and broker
        "RABBITMQ_URL",
        "RABBITMQ_PREFETCH",
        "INGEST_MAX_RETRIES",
        "INGEST_RETRY_BASE_DELAY",
        "INGEST_RETRY_MAX_DELAY",
        "DOCUMENT_MAX_BYTES",
        "OUTBOX_BATCH_SIZE",
        "OUTBOX_POLL_INTERVAL",
        "OUTBOX_RETENTION",

        // Live updates
        "EVENTS_RETENTION",
        "EVENTS_MAX_CONNECTIONS",
        "EVENTS_MAX_CONNECTIONS_PER_USER",
        "EVENTS_SUBSCRIBER_BUFFER",
        "EVENTS_HEARTBEAT",
        "EVENTS_AUTH_RECHECK",
        "EVENTS_POLL_INTERVAL",
        "EVENTS_TICKET_TTL",

        // Authentication
        "JWT_SECRET",
        "JWT_ALG",
        "JWT_ISSUER",
        "JWT_AUDIENCE",
        "JWT_ACCESS_TTL",
        "JWT_REFRESH_TTL",
        "JWT_CLOCK_SKEW",
        "JWT_KEY_ID",
        "JWT_PRIVATE_KEY_FILE",
        "JWT_PREVIOUS_SECRET",
        "JWT_PREVIOUS_KEY_ID",
        "JWT_PREVIOUS_PUBLIC_KEY_FILE",
        "TOKEN_REVOCATION_CACHE",
        "ADMIN_EMAIL",
        "ADMIN_PASSWORD",
        "PASSWORD_MIN_LENGTH",
        "PASSWORD_HASH_MEMORY_KIB",
        "PASSWORD_HASH_ITERATIONS",
        "PASSWORD_HASH_PARALLELISM",
        "LOCKOUT_THRESHOLD",
        "LOCKOUT_DURATION",
        "LOCKOUT_MAX_DURATION",
        "AUTH_RATE_LIMIT",
        "AUTH_RATE_WINDOW",
        "RESET_TOKEN_TTL",
        "RESET_WEBHOOK_URL",
        "TRUSTED_PROXIES",
    ];

    public static bool Contains(string name) => Names.Contains(name, StringComparer.Ordinal);
}
