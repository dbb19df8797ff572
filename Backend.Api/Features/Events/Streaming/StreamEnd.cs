namespace Backend.Api.Features.Events.Streaming;

/// <summary>Why the service ended a stream: a metric label, a WebSocket close code and a human-readable reason.</summary>
internal sealed record StreamEnd(string Reason, int CloseCode, string Description)
{
    public static StreamEnd SlowConsumer(int buffer) =>
        new("slow_consumer", 4008, $"slow consumer: more than {buffer} events waiting; reconnect with the last id to resume");

    public static StreamEnd Revoked(string why) => new("revoked", 4401, "credential no longer valid: " + why);

    public static StreamEnd Shutdown { get; } = new("shutdown", 1001, "server shutting down; reconnect with the last id to resume");

    public static StreamEnd Overloaded { get; } = new("overloaded", 1013, "too many live connections on this server; retry later");

    public static StreamEnd UserLimit { get; } = new("user_limit", 4429, "too many live connections for this user");
}
