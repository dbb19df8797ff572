namespace Backend.Api.Features.Ingestion.Messaging;

/// <summary>
/// The AI module's queues, declared exactly as it declares them (durable, x-message-ttl 3,600,000 ms, x-max-length 10,000:
/// a declaration with other arguments is refused by the broker), plus this service's dead-letter queue.
/// </summary>
internal static class AiQueues
{
    public const string JobsHigh = "ai.jobs.high";
    public const string JobsNormal = "ai.jobs.normal";
    public const string JobsLow = "ai.jobs.low";
    public const string Results = "ai.results";
    public const string Errors = "ai.errors";

    /// <summary>Malformed and unknown-job messages from ai.results / ai.errors, with the reason in the x-dead-letter-reason header.</summary>
    public const string DeadLetter = "backend.ingest.dead_letter";

    public const string ReasonHeader = "x-dead-letter-reason";
    public const string OriginalQueueHeader = "x-original-queue";
    public const string CorrelationHeader = "x-correlation-id";
    public const string JobIdHeader = "job_id";

    public static IReadOnlyList<string> AiDeclared { get; } = [JobsHigh, JobsNormal, JobsLow, Results, Errors];

    /// <summary>The arguments of every AI queue. Integers (AMQP signed 32-bit), as the AI module's client sends them.</summary>
    public static Dictionary<string, object?> Arguments() => new(StringComparer.Ordinal)
    {
        ["x-message-ttl"] = 3_600_000,
        ["x-max-length"] = 10_000,
    };

    public static string ForPriority(string priority) => priority switch
    {
        "high" => JobsHigh,
        "low" => JobsLow,
        _ => JobsNormal,
    };

    /// <summary>Relay order: high (0) before normal (1) before low (2).</summary>
    public static short Rank(string priority) => priority switch
    {
        "high" => 0,
        "low" => 2,
        _ => 1,
    };
}
