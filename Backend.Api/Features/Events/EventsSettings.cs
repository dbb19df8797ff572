using Backend.Api.Hosting;

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
    TimeSpan TicketTtl)
{
    public static EventsSettings Read(SettingsReader read)
    {
        var settings = new EventsSettings(
            read.Duration("EVENTS_RETENTION", TimeSpan.FromDays(7), TimeSpan.FromMinutes(1), TimeSpan.FromDays(3650)),
            read.Int("EVENTS_MAX_CONNECTIONS", 10_000, 1, 1_000_000),
            read.Int("EVENTS_MAX_CONNECTIONS_PER_USER", 20, 1, 100_000),
            read.Int("EVENTS_SUBSCRIBER_BUFFER", 1_000, 10, 1_000_000),
            read.Duration("EVENTS_HEARTBEAT", TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10)),
            read.Duration("EVENTS_AUTH_RECHECK", TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1)),
            read.Duration("EVENTS_POLL_INTERVAL", TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(5)),
            read.Duration("EVENTS_TICKET_TTL", TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10)));
        if (settings.MaxConnectionsPerUser > settings.MaxConnections)
        {
            read.Fail("EVENTS_MAX_CONNECTIONS_PER_USER", $"{settings.MaxConnectionsPerUser} exceeds EVENTS_MAX_CONNECTIONS ({settings.MaxConnections})");
        }

        return settings;
    }
}
