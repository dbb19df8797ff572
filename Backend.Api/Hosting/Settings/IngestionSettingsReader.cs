using Backend.Api.Features.Ingestion;

namespace Backend.Api.Hosting.Settings;

/// <summary>Reads <see cref="IngestionSettings"/> (RABBITMQ_*, INGEST_*, DOCUMENT_MAX_BYTES, OUTBOX_*).</summary>
internal static class IngestionSettingsReader
{
    public static IngestionSettings Read(SettingsReader read)
    {
        Uri? url = null;
        if (read.Raw("RABBITMQ_URL") is { } raw)
        {
            if (!Uri.TryCreate(raw, UriKind.Absolute, out url) || url.Scheme is not ("amqp" or "amqps") || string.IsNullOrEmpty(url.Host))
            {
                read.Fail("RABBITMQ_URL", "must be an amqp:// or amqps:// URI like amqp://user:password@host:5672/vhost");
                url = null;
            }
        }

        var baseDelay = read.Duration("INGEST_RETRY_BASE_DELAY", TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(10), TimeSpan.FromHours(1));
        var maxDelay = read.Duration("INGEST_RETRY_MAX_DELAY", TimeSpan.FromMinutes(10), TimeSpan.FromMilliseconds(10), TimeSpan.FromDays(1));
        if (maxDelay < baseDelay)
        {
            read.Fail("INGEST_RETRY_MAX_DELAY", "must not be shorter than INGEST_RETRY_BASE_DELAY");
        }

        return new IngestionSettings(
            url,
            (ushort)read.Int("RABBITMQ_PREFETCH", 16, 1, 1000),
            read.Int("INGEST_MAX_RETRIES", 3, 0, 50),
            baseDelay,
            maxDelay,
            read.Int("DOCUMENT_MAX_BYTES", 10 * 1024 * 1024, 1, 100 * 1024 * 1024),
            read.Int("OUTBOX_BATCH_SIZE", 100, 1, 1000),
            read.Duration("OUTBOX_POLL_INTERVAL", TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(1)),
            read.Duration("OUTBOX_RETENTION", TimeSpan.FromDays(7), TimeSpan.FromMinutes(1), TimeSpan.FromDays(3650)));
    }
}
