using Backend.Api.Features.Events;

namespace Backend.Api.Hosting.Settings;

/// <summary>Reads <see cref="EventsSettings"/> (EVENTS_*).</summary>
internal static class EventsSettingsReader
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
