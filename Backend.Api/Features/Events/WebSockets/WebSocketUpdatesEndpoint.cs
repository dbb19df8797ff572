using System.Globalization;
using System.Net.WebSockets;
using Backend.Api.Features.Events.Streaming;
using Backend.Api.Features.Events.Tickets;
using Backend.Api.Http;
using Backend.Api.Http.Security;
using Backend.Data.Events;
using FastEndpoints;

namespace Backend.Api.Features.Events.WebSockets;

/// <summary>
/// <c>GET /ws/updates</c>: the UI's WebSocket. Authenticates with <c>?ticket=</c> (browsers), a bearer token or API key,
/// or the access cookie from an allowed origin; resumes after <c>?after=</c>; takes subscribe and ping messages. Auth
/// failures and overload close the socket with a code and reason (4401, 4410, 4429, 1013; 4008 slow consumer; 1001 stop).
/// </summary>
internal sealed class WebSocketUpdatesEndpoint(
    EventHub hub,
    EventRepository events,
    StreamAccessRepository tickets,
    EventStreamRunner runner,
    EventsSettings settings,
    ServiceInfo service,
    TimeProvider time) : Endpoint<WebSocketUpdatesRequest>
{
    public override void Configure()
    {
        Get("ws/updates");
        RoutePrefixOverride(string.Empty);
        AllowAnonymous();
        Description(b => b.WithTags("Events").ProducesProblemDetails(400, Problems.ContentType), clearDefaults: false);
        Summary(s =>
        {
            s.Summary = "Live updates over WebSocket";
            s.Description = "Upgrade to a WebSocket. Messages: {type (entity_created, entity_updated, processing_complete, …), id (position), event_id, " +
                "event_type, correlation_id, timestamp, data}. Send {\"type\":\"subscribe\",\"event_types\":[…],\"entity_ids\":[…]} to filter, " +
                "{\"type\":\"ping\"} for a pong. Authenticate with ?ticket= from POST /api/v1/events/ticket, a bearer token or an API key.";
        });
    }

    public override async Task HandleAsync(WebSocketUpdatesRequest req, CancellationToken ct)
    {
        if (!HttpContext.WebSockets.IsWebSocketRequest)
        {
            await Problems.WriteAsync(HttpContext, Problems.Create(HttpContext, 400, "Connect with a WebSocket upgrade (ws:// or wss://)."));
            return;
        }

        var (reader, authError) = await AuthenticateAsync(ct);
        using var socket = await HttpContext.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            KeepAliveInterval = settings.Heartbeat,
            // A peer that answers no ping for this long is gone (clients answer pings only while they read).
            KeepAliveTimeout = settings.Heartbeat + TimeSpan.FromSeconds(30),
        });
        using var sink = new WebSocketSink(socket, time);
        if (reader is null)
        {
            await sink.CloseAsync(4401, "authentication failed: " + authError, ct);
            return;
        }

        var query = HttpContext.Request.Query;
        var (filter, filterError) = EventFilter.Parse(query["types"], query["entity_id"]);
        long? after = null;
        if (query["after"].ToString() is { Length: > 0 } afterText)
        {
            after = long.TryParse(afterText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : -1;
        }

        if (filter is null || after < 0)
        {
            await sink.CloseAsync(1008, filter is null ? "invalid filter: " + filterError : "after must be a non-negative position", ct);
            return;
        }

        await hub.Ready.WaitAsync(ct);
        if (after is { } position && position < (await events.ReadBoundsAsync(ct)).PrunedThrough)
        {
            await sink.CloseAsync(4410, "position no longer retained (EVENTS_RETENTION); reload and reconnect without after", ct);
            return;
        }

        var subscription = new Subscription(reader, filter, "websocket", settings.SubscriberBuffer);
        if (hub.TryJoin(subscription) is { } refused)
        {
            await sink.CloseAsync(refused.CloseCode, refused.Description, ct);
            return;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        try
        {
            var receiving = new WebSocketMessages(socket, sink, subscription, time).ReceiveAsync(stop);
            var end = await runner.RunAsync(subscription, after ?? subscription.JoinedAt, sink, stop.Token);
            if (end is not null)
            {
                await sink.CloseAsync(end.CloseCode, end.Description, CancellationToken.None);
                // Let the client answer the close frame; cancelling a pending receive would abort the connection.
                await Task.WhenAny(receiving, Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None));
            }

            await stop.CancelAsync();
            await receiving;
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException && (stop.IsCancellationRequested || socket.State != WebSocketState.Open))
        {
            // The client closed or went away.
        }
        finally
        {
            hub.Leave(subscription);
        }
    }

    private async Task<(EventReader? Reader, string? Error)> AuthenticateAsync(CancellationToken ct)
    {
        if (HttpContext.Request.Query["ticket"].ToString() is { Length: > 0 } ticket)
        {
            var used = StreamTickets.IsWellFormed(ticket) ? await tickets.ConsumeTicketAsync(StreamTickets.Hash(ticket), time.GetUtcNow(), ct) : null;
            return used is null
                ? (null, "the ticket is unknown, used or expired")
                : (new EventReader(used.UserId, used.Role, used.TokenIssuedAt is { } iat ? new DateTimeOffset(DateTime.SpecifyKind(iat, DateTimeKind.Utc)) : null, used.ApiKeyId), null);
        }

        if (EventReader.From(User) is not { } reader)
        {
            return (null, "send a ticket from POST /api/v1/events/ticket, a bearer token or an API key");
        }

        // A cookie rides along on cross-site WebSocket handshakes: accept it only from the origins CORS allows.
        var origin = HttpContext.Request.Headers.Origin.ToString();
        if (HttpContext.Items.TryGetValue(AuthCookies.AuthenticatedByCookie, out var byCookie) && byCookie is true
            && origin.Length > 0 && !service.CorsOrigins.Contains(origin, StringComparer.OrdinalIgnoreCase))
        {
            return (null, "cookie authentication from origin " + origin + " is not allowed; use a ticket");
        }

        return (reader, null);
    }
}
