using System.Buffers;
using System.Globalization;
using System.Text;
using Backend.Api.Features.Events.Streaming;
using Backend.Api.Http;
using Backend.Api.Http.Security;
using Backend.Data.Events;
using FastEndpoints;

namespace Backend.Api.Features.Events.Sse;

/// <summary>
/// <c>GET /api/v1/events</c>: Server-Sent Events. Resumes after <c>Last-Event-ID</c> or <c>?after=</c> from the retained
/// history (410 when that position was pruned), then streams live events the caller may see, with heartbeats.
/// </summary>
internal sealed class StreamEventsEndpoint(EventHub hub, EventRepository events, EventStreamRunner runner, EventsSettings settings, ServiceInfo service)
    : Endpoint<StreamEventsRequest>
{
    public override void Configure()
    {
        Get(string.Empty);
        Group<EventsGroup>();
        Policies(AuthPolicies.User);
        Description(b => b.Produces<string>(200, "text/event-stream")
            .ProducesProblemDetails(400, Problems.ContentType).ProducesProblemDetails(401, Problems.ContentType)
            .ProducesProblemDetails(410, Problems.ContentType).ProducesProblemDetails(429, Problems.ContentType)
            .ProducesProblemDetails(503, Problems.ContentType), clearDefaults: false);
        Summary(s =>
        {
            s.Summary = "Stream domain events (Server-Sent Events)";
            s.Description = "text/event-stream of the events the caller may see: id = position, event = event type, data = {event_id, event_type, " +
                "timestamp, source_module, correlation_id, data}. Resume with Last-Event-ID (or ?after=); a position older than EVENTS_RETENTION is 410. " +
                "types= filters by event type (entity.* for a family), entity_id= by entity. Heartbeat comments every EVENTS_HEARTBEAT; when the service " +
                "ends the stream (slow consumer, revoked credential, shutdown) the last frame is event: close with the reason.";
        });
    }

    public override async Task HandleAsync(StreamEventsRequest req, CancellationToken ct)
    {
        if (EventReader.From(User) is not { } reader)
        {
            await Problems.WriteAsync(HttpContext, Problems.Create(HttpContext, 401, "The credential does not identify a user."));
            return;
        }

        var (filter, filterError) = EventFilter.Parse([req.Types ?? string.Empty], [req.EntityIds ?? string.Empty]);
        if (filter is null)
        {
            await Problems.WriteAsync(HttpContext, Problems.Create(HttpContext, 400, "Invalid filter: " + filterError));
            return;
        }

        var after = req.After;
        var lastEventId = HttpContext.Request.Headers["Last-Event-ID"].ToString();
        if (after is null && lastEventId.Length > 0)
        {
            if (!long.TryParse(lastEventId, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                await Problems.WriteAsync(HttpContext, Problems.Create(HttpContext, 400, "Last-Event-ID must be an event position (a non-negative integer)."));
                return;
            }

            after = parsed;
        }

        await hub.Ready.WaitAsync(ct);
        if (after is { } position)
        {
            var (_, prunedThrough) = await events.ReadBoundsAsync(ct);
            if (position < prunedThrough)
            {
                await Problems.WriteAsync(HttpContext, Problems.Create(HttpContext, 410,
                    $"Events up to position {prunedThrough} are no longer retained (EVENTS_RETENTION {settings.Retention}); reload the state you need and reconnect without Last-Event-ID.",
                    "events-expired", "Position no longer retained"));
                return;
            }
        }

        var subscription = new Subscription(reader, filter, "sse", settings.SubscriberBuffer);
        if (hub.TryJoin(subscription) is { } refused)
        {
            HttpContext.Response.Headers.RetryAfter = "5";
            await Problems.WriteAsync(HttpContext, Problems.Create(HttpContext, refused == StreamEnd.UserLimit ? 429 : 503, refused.Description));
            return;
        }

        try
        {
            var response = HttpContext.Response;
            response.StatusCode = 200;
            response.ContentType = "text/event-stream; charset=utf-8";
            response.Headers.CacheControl = "no-cache, no-store";
            response.Headers["X-Accel-Buffering"] = "no";
            response.BodyWriter.Write(Encoding.UTF8.GetBytes("retry: 3000\n: connected\n\n"));
            await response.BodyWriter.FlushAsync(ct);
            var sink = new SseSink(response, service.ModuleId);
            var end = await runner.RunAsync(subscription, after ?? subscription.JoinedAt, sink, ct);
            if (end is not null)
            {
                await sink.CloseAsync(end, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away.
        }
        finally
        {
            hub.Leave(subscription);
        }
    }
}
