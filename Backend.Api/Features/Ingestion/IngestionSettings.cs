namespace Backend.Api.Features.Ingestion;

/// <summary>
/// Ingestion and broker settings. <see cref="RabbitMqUrl"/> null: no broker configured, documents wait in the outbox.
/// The two ingestion endpoints accept bodies up to <see cref="RequestBodyLimit"/> (the content limit plus room for the
/// JSON around it and its escapes); every other endpoint keeps MAX_REQUEST_BODY_BYTES.
/// </summary>
internal sealed record IngestionSettings(
    Uri? RabbitMqUrl,
    ushort Prefetch,
    int MaxRetries,
    TimeSpan RetryBaseDelay,
    TimeSpan RetryMaxDelay,
    int DocumentMaxBytes,
    int OutboxBatchSize,
    TimeSpan OutboxPollInterval,
    TimeSpan OutboxRetention)
{
    private static readonly HttpContextAccessor Accessor = new();

    /// <summary>The settings of the app serving the current request (validators are built once per process; tests run several apps).</summary>
    public static IngestionSettings? OfCurrentRequest() => Accessor.HttpContext?.RequestServices.GetService<IngestionSettings>();

    public long RequestBodyLimit => (2L * DocumentMaxBytes) + (64 * 1024);

    /// <summary>The URL without its password, for logs and readiness.</summary>
    public string? RedactedUrl => RabbitMqUrl is null ? null
        : new UriBuilder(RabbitMqUrl) { Password = string.IsNullOrEmpty(RabbitMqUrl.UserInfo) ? string.Empty : "***" }.Uri.ToString();
}
