namespace Backend.Api.Features.Events;

/// <summary>
/// Live-update settings: how long events stay resumable, connection limits (in total and per user or API key), the
/// per-subscriber buffer (a subscriber that falls this far behind is disconnected), heartbeats, how often a stream
/// re-checks its credential, the safety-net poll behind LISTEN/NOTIFY and the WebSocket ticket lifetime.
/// </summary>
internal sealed record EventsSettings(
    TimeSpan Retention,
    int MaxConnections,
    int MaxConnectionsPerUser,
    int SubscriberBuffer,
    TimeSpan Heartbeat,
    TimeSpan AuthRecheck,
    TimeSpan PollInterval,
    TimeSpan TicketTtl);
