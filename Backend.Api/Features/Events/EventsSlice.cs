using Backend.Api.Features.Events.Relay;
using Backend.Api.Features.Events.Streaming;
using Backend.Api.Features.Events.WebSockets;

namespace Backend.Api.Features.Events;

/// <summary>
/// Registers the live-updates slice: the event log's repositories, this replica's feed (LISTEN/NOTIFY) and hub, the
/// stream runner, the relay to kgl.events, the pruner and the WebSocket middleware. Events themselves are captured by
/// the database triggers of sql/0021.
/// </summary>
internal static class EventsSlice
{
    public static IServiceCollection AddEventsSlice(this IServiceCollection services, EventsSettings settings)
    {
        services.AddSingleton(settings);
        services.AddSingleton<EventHub>();
        services.AddSingleton<StreamAccess>();
        services.AddSingleton<EventStreamRunner>();
        services.AddSingleton<EventRelaySignal>();
        services.AddHostedService<EventFeed>();
        services.AddHostedService<EventRelay>();
        services.AddSingleton<EventsPruner>();
        services.AddHostedService(provider => provider.GetRequiredService<EventsPruner>());
        services.AddTransient<IStartupFilter, WebSocketsStartupFilter>();
        EventsMetrics.Initialize();
        return services;
    }
}
